package cn.panyu.card.org;

import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.stereotype.Repository;

@Repository
public class OrgUnitRepository {

  private static final RowMapper<OrgUnit> MAPPER = (rs, i) -> new OrgUnit(
      rs.getString("code"), rs.getString("name"), OrgUnitType.valueOf(rs.getString("type")),
      rs.getString("parent_code"), rs.getString("group_id"));

  private final JdbcTemplate jdbc;

  public OrgUnitRepository(JdbcTemplate jdbc) {
    this.jdbc = jdbc;
  }

  public List<OrgUnit> findAll() {
    return jdbc.query("select * from org_unit order by type, code", MAPPER);
  }

  public Optional<OrgUnit> findByCode(String code) {
    return jdbc.query("select * from org_unit where code = ?", MAPPER, code).stream().findFirst();
  }

  public Optional<OrgUnit> findByGroupId(String groupId) {
    return jdbc.query("select * from org_unit where group_id = ?", MAPPER, groupId).stream().findFirst();
  }

  public List<OrgUnit> findChildren(String parentCode) {
    return jdbc.query("select * from org_unit where parent_code = ? order by code", MAPPER, parentCode);
  }

  public List<OrgUnit> findByType(OrgUnitType type) {
    return jdbc.query("select * from org_unit where type = ? order by code", MAPPER, type.name());
  }

  /** Inserts the unit unless one with its code exists: seeding and imports may run again. */
  public boolean insertIfAbsent(OrgUnit unit) {
    if (findByCode(unit.code()).isPresent()) {
      return false;
    }
    jdbc.update("insert into org_unit (code, name, type, parent_code, group_id) values (?, ?, ?, ?, ?)",
        unit.code(), unit.name(), unit.type().name(), unit.parentCode(), unit.groupId());
    return true;
  }
}
