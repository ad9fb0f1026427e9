package cn.panyu.card.reports;

import cn.panyu.card.org.OrgUnit;
import cn.panyu.card.org.OrgUnitRepository;
import cn.panyu.card.org.OrgUnitType;
import cn.panyu.card.org.UnitAccess;
import cn.panyu.card.web.ApiExceptionHandler.AccessDeniedException;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.stereotype.Component;

/** Who reads which report: the card office, the leaders and the administrators all; a town its own subsidy. */
@Component
public class ReportAccess {

  private final UnitAccess access;
  private final OrgUnitRepository units;

  public ReportAccess(UnitAccess access, OrgUnitRepository units) {
    this.access = access;
    this.units = units;
  }

  public boolean readsAll() {
    return access.readsAll();
  }

  public void requireAll() {
    if (!readsAll()) {
      throw new AccessDeniedException("只有区卡办和领导小组可以查看进度报表");
    }
  }

  /** The towns whose group the current user is in (a town reads its own subsidy basis). */
  public Set<String> ownTowns() {
    List<String> groups = access.currentGroups();
    return units.findByType(OrgUnitType.TOWN).stream().filter(t -> groups.contains(t.groupId()))
        .map(OrgUnit::code).collect(Collectors.toSet());
  }

  public String userId() {
    return access.currentUserId();
  }
}
