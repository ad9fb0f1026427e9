package cn.panyu.card.org;

import java.util.ArrayList;
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

  /** The units whose Camunda group the user is a member of. */
  public List<OrgUnit> findByMember(String userId) {
    return jdbc.query("select u.* from org_unit u join ACT_ID_MEMBERSHIP m on m.GROUP_ID_ = u.group_id"
        + " where m.USER_ID_ = ? order by u.code", MAPPER, userId);
  }

  /** The one unit of this type whose group the user is in; empty when there is none or more than one. */
  public Optional<OrgUnit> findOnlyUnitOfMember(String userId, OrgUnitType type) {
    List<OrgUnit> found = findByMember(userId).stream().filter(u -> u.type() == type).toList();
    return found.size() == 1 ? Optional.of(found.get(0)) : Optional.empty();
  }

  /** Inserts the unit unless one with its code exists: seeding and imports may run again. */
  public boolean insertIfAbsent(OrgUnit unit) {
    return insertIfAbsent(unit, false);
  }

  /** As {@link #insertIfAbsent(OrgUnit)}; {@code school} marks an institution that is a school. */
  public boolean insertIfAbsent(OrgUnit unit, boolean school) {
    if (findByCode(unit.code()).isPresent()) {
      return false;
    }
    jdbc.update("insert into org_unit (code, name, type, parent_code, group_id, school) values (?, ?, ?, ?, ?, ?)",
        unit.code(), unit.name(), unit.type().name(), unit.parentCode(), unit.groupId(), school);
    return true;
  }

  /** Is this unit a school (an institution whose batches carry student numbers and photos)? */
  public boolean isSchool(String code) {
    return Boolean.TRUE.equals(jdbc.query("select school from org_unit where code = ?",
        rs -> rs.next() ? rs.getBoolean(1) : Boolean.FALSE, code));
  }

  public void rename(String code, String name) {
    jdbc.update("update org_unit set name = ? where code = ?", name, code);
  }

  /** The unit and the units above it, nearest first (a village, then its town). */
  public List<OrgUnit> withAncestors(String code) {
    List<OrgUnit> chain = new ArrayList<>();
    Optional<OrgUnit> unit = findByCode(code);
    while (unit.isPresent() && chain.size() < 10) {
      chain.add(unit.get());
      unit = unit.get().parentCode() == null ? Optional.empty() : findByCode(unit.get().parentCode());
    }
    return chain;
  }
}
