-- A plan's values are found through its indicators (the indicators' key
-- begins with the plan, the values' slot key with the indicator), so the
-- index of values by plan alone is dropped: every value written kept a
-- fourth index current, which was about an eighth of the time a long
-- table's import spent in the server.
DROP INDEX observations_plan;
