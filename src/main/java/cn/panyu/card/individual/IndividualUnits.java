package cn.panyu.card.individual;

import static cn.panyu.card.individual.IndividualIssuance.*;

import cn.panyu.card.org.InstanceAccess;
import cn.panyu.card.org.OrgUnit;
import cn.panyu.card.org.OrgUnitRepository;
import cn.panyu.card.org.OrgUnitType;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.springframework.stereotype.Component;

/** Which village and town an individual application belongs to, as process variables and read grants. */
@Component
public class IndividualUnits {

  private final OrgUnitRepository units;
  private final InstanceAccess instanceAccess;

  public IndividualUnits(OrgUnitRepository units, InstanceAccess instanceAccess) {
    this.units = units;
    this.instanceAccess = instanceAccess;
  }

  /** The village committee of the staff member who registers; exactly one is expected. */
  public String villageOfUser(String userId) {
    return units.findOnlyUnitOfMember(userId, OrgUnitType.VILLAGE).map(OrgUnit::code).orElseThrow(() ->
        new IllegalStateException("登记人 " + userId + " 不属于唯一的村（居）委，无法确定受理单位"));
  }

  public void assignVillage(DelegateExecution execution, String villageCode) {
    OrgUnit village = units.findByCode(villageCode)
        .filter(u -> u.type() == OrgUnitType.VILLAGE)
        .orElseThrow(() -> new IllegalStateException("村（居）委 " + villageCode + " 不存在"));
    OrgUnit town = units.findByCode(village.parentCode()).orElseThrow();
    VILLAGE_CODE.set(execution, village.code());
    VILLAGE_GROUP.set(execution, village.groupId());
    TOWN_CODE.set(execution, town.code());
  }

  /** The town above the village (and the card office) may read this instance in Cockpit and Tasklist. */
  public void grantSupervisorsRead(DelegateExecution execution) {
    // idempotent: no variable needs to remember that it was done
    instanceAccess.grantRead(execution.getProcessInstanceId(), VILLAGE_CODE.get(execution));
  }
}
