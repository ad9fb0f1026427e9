// The unit types of the campaign, recognised in a user task's candidate groups (or assignee), in lane order
// (top to bottom: the individual path above the card office, the collective path below). Shared by the lint
// rule `lanes` and by layout --add-lanes.
module.exports = [
  { pattern: 'village', name: '村居委', id: 'Lane_Village' },
  { pattern: 'town', name: '镇街', id: 'Lane_Town' },
  { pattern: 'affairs', name: '区政务办', id: 'Lane_AffairsOffice' },
  { pattern: 'card-?office', name: '区卡办', id: 'Lane_CardOffice' },
  { pattern: 'department', name: '职能部门', id: 'Lane_Department' },
  { pattern: 'institution', name: '单位', id: 'Lane_Institution' },
  { pattern: 'leader', name: '领导小组', id: 'Lane_Leaders' }
];
