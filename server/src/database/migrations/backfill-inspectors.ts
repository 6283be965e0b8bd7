/**
 * Before issue 11, a 核实/核查 sent to "the grid's inspector" of a grid without one was left with
 * no inspector: in nobody's to-do. Give each such open task the inspector the rule gives today
 * (the grid's, else the street's, else the district's; the smallest id within a scope). Plain SQL
 * that runs unchanged on MariaDB and SQLite.
 */
export const BACKFILL_INSPECTORS_SQL = `UPDATE cases SET inspector_id = COALESCE(
  (SELECT MIN(ig.user_id) FROM inspector_grids ig WHERE ig.grid_code = cases.grid_code),
  (SELECT MIN(ig.user_id) FROM inspector_grids ig JOIN grids g ON g.code = ig.grid_code WHERE g.street_code = cases.street_code),
  (SELECT MIN(ig.user_id) FROM inspector_grids ig JOIN grids g ON g.code = ig.grid_code WHERE g.district_code = cases.district_code)
) WHERE status IN ('verifying', 'checking') AND inspector_id IS NULL`;
