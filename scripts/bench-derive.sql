-- Every register figure in plain SQL, for scripts/bench-derive.sh: the same
-- text runs in DuckDB, SQLite and PostgreSQL over the tables
-- scripts/bench_derive.py exports (bench_children, bench_events,
-- bench_calendar, bench_periods, bench_measures). The rules are those of
-- crates/core/src/register/measures.rs; days are numbers (days since
-- 1970-01-01) and months `year * 12 + month - 1`, so that date arithmetic is
-- the same integer arithmetic in all three.
--
-- Result: measure, locality ('' for the whole area), period start and end,
-- numerator and counted (the denominator of a proportion).
WITH
-- CAF within 15 working days: each discussion, against the need identified
-- of the CAF it completes (the latest started before it); the deadline is
-- the working day whose running count is 15 more than the need's day's.
caf_steps AS (
    SELECT child_id, seq, kind, day, month,
           MAX(CASE WHEN kind = 'start_caf' THEN seq END)
               OVER (PARTITION BY child_id ORDER BY seq) AS start_seq
    FROM bench_events
    WHERE kind IN ('start_caf', 'discuss_caf')
),
caf AS (
    SELECT done.child_id, done.month,
           CASE WHEN done.day <= deadline.day THEN 1 ELSE 0 END AS yes
    FROM caf_steps done
    JOIN bench_events started
        ON started.child_id = done.child_id AND started.seq = done.start_seq
    JOIN bench_calendar needed ON needed.day = started.need
    JOIN bench_calendar deadline
        ON deadline.working = 1 AND deadline.cum = needed.cum + 15
    WHERE done.kind = 'discuss_caf'
),
-- A child's standing after each day something changed it: level (or -1 when
-- closed or at no level) and whether a Lead Professional is in post. The
-- latest level, status and lead step are carried forward as seq * k + value.
standing_steps AS (
    SELECT child_id, seq, day, kind, level FROM bench_events
    WHERE kind IN ('set_level', 'close', 'reopen',
                   'assign_lead_professional', 'end_lead_professional')
    UNION ALL
    SELECT child_id, 0, opened, 'opened', NULL FROM bench_children
),
running AS (
    SELECT child_id, seq, day,
           MAX(CASE WHEN kind = 'set_level' THEN seq * 8 + level END)
               OVER (PARTITION BY child_id ORDER BY day, seq) AS level_code,
           MAX(CASE WHEN kind IN ('close', 'reopen')
                    THEN seq * 2 + CASE WHEN kind = 'close' THEN 1 ELSE 0 END END)
               OVER (PARTITION BY child_id ORDER BY day, seq) AS closed_code,
           MAX(CASE WHEN kind IN ('assign_lead_professional', 'end_lead_professional', 'close')
                    THEN seq * 2 + CASE WHEN kind = 'assign_lead_professional' THEN 1 ELSE 0 END END)
               OVER (PARTITION BY child_id ORDER BY day, seq) AS lead_code,
           ROW_NUMBER() OVER (PARTITION BY child_id, day ORDER BY seq DESC) AS last_of_day
    FROM standing_steps
),
states AS (
    SELECT r.child_id, r.day,
           CASE WHEN r.day >= c.opened AND r.level_code IS NOT NULL
                     AND COALESCE(r.closed_code % 2, 0) = 0
                THEN r.level_code % 8 ELSE -1 END AS level,
           COALESCE(r.lead_code % 2, 0) AS lead
    FROM running r
    JOIN bench_children c ON c.child_id = r.child_id
    WHERE r.last_of_day = 1
),
-- Meeting within 6 weeks of level 3: each entry into level 3, on the day of
-- the first meeting if within 42 days, else the day after the deadline if
-- the child was then still open at level 3.
level_steps AS (
    SELECT child_id, seq, day, level,
           LAG(level) OVER (PARTITION BY child_id ORDER BY seq) AS previous
    FROM bench_events
    WHERE kind = 'set_level'
),
flags AS (
    SELECT child_id, seq, day AS flagged, day + 42 AS deadline
    FROM level_steps
    WHERE level = 3 AND (previous IS NULL OR previous <> 3)
),
first_meetings AS (
    SELECT f.child_id, f.seq, f.deadline, MIN(m.day) AS held
    FROM flags f
    LEFT JOIN bench_events m
        ON m.child_id = f.child_id AND m.kind = 'hold_meeting' AND m.day >= f.flagged
    GROUP BY f.child_id, f.seq, f.deadline
),
waiting AS (
    SELECT fm.child_id, fm.deadline, s.level,
           ROW_NUMBER() OVER (PARTITION BY fm.child_id, fm.seq ORDER BY s.day DESC) AS latest
    FROM first_meetings fm
    JOIN states s ON s.child_id = fm.child_id AND s.day <= fm.deadline
    WHERE fm.held IS NULL OR fm.held > fm.deadline
),
meeting AS (
    SELECT fm.child_id, cal.month, 1 AS yes
    FROM first_meetings fm
    JOIN bench_calendar cal ON cal.day = fm.held
    WHERE fm.held <= fm.deadline
    UNION ALL
    SELECT w.child_id, cal.month, 0
    FROM waiting w
    JOIN bench_calendar cal ON cal.day = w.deadline + 1
    WHERE w.latest = 1 AND w.level = 3
),
-- Reviews within 3 months of the previous meeting or review. "No later than
-- 3 months after" is compared as months and day of month, which also holds
-- when the month three on is shorter (30 November: by 28 February).
reviews AS (
    SELECT child_id, seq, day, month, dom,
           LAG(day) OVER (PARTITION BY child_id ORDER BY seq) AS previous_review
    FROM bench_events
    WHERE kind = 'record_review'
),
review_meetings AS (
    SELECT r.child_id, r.seq, MAX(m.day) AS previous_meeting
    FROM bench_events r
    JOIN bench_events m
        ON m.child_id = r.child_id AND m.kind = 'hold_meeting' AND m.day < r.day
    WHERE r.kind = 'record_review'
    GROUP BY r.child_id, r.seq
),
review_previous AS (
    SELECT r.child_id, r.month, r.dom,
           CASE WHEN rm.previous_meeting IS NULL THEN r.previous_review
                WHEN r.previous_review IS NULL THEN rm.previous_meeting
                WHEN rm.previous_meeting > r.previous_review THEN rm.previous_meeting
                ELSE r.previous_review END AS previous
    FROM reviews r
    LEFT JOIN review_meetings rm ON rm.child_id = r.child_id AND rm.seq = r.seq
),
review AS (
    SELECT rp.child_id, rp.month,
           CASE WHEN rp.month < p.month + 3 OR (rp.month = p.month + 3 AND rp.dom <= p.dom)
                THEN 1 ELSE 0 END AS yes
    FROM review_previous rp
    JOIN bench_calendar p ON p.day = rp.previous
),
-- Children by level and level 3 with a Lead Professional at each month's
-- end: the standing at the month's last change, as +1/-1 where it changes.
month_states AS (
    SELECT s.child_id, cal.month, s.level,
           CASE WHEN s.level = 3 THEN s.lead ELSE 0 END AS lead,
           ROW_NUMBER() OVER (PARTITION BY s.child_id, cal.month ORDER BY s.day DESC) AS last_in_month
    FROM states s
    JOIN bench_calendar cal ON cal.day = s.day
),
month_changes AS (
    SELECT child_id, month, level, lead,
           LAG(level, 1, -1) OVER (PARTITION BY child_id ORDER BY month) AS was_level,
           LAG(lead, 1, 0) OVER (PARTITION BY child_id ORDER BY month) AS was_lead
    FROM month_states
    WHERE last_in_month = 1
),
standing AS (
    SELECT child_id, month, was_level AS level, was_lead AS lead, -1 AS sign
    FROM month_changes
    WHERE was_level >= 0 AND (level <> was_level OR lead <> was_lead)
    UNION ALL
    SELECT child_id, month, level, lead, 1
    FROM month_changes
    WHERE level >= 0 AND (level <> was_level OR lead <> was_lead)
),
tallies AS (
    SELECT child_id, month, 'caf_within_15_working_days' AS measure,
           1 AS counted, yes AS in_numerator
    FROM caf
    UNION ALL
    SELECT child_id, month, 'meeting_within_6_weeks_of_level_3', 1, yes FROM meeting
    UNION ALL
    SELECT child_id, month, 'reviews_within_3_months', 1, yes FROM review
    UNION ALL
    SELECT child_id, month, 'concerns_raised', 1, 1
    FROM bench_events WHERE kind = 'record_concern'
    UNION ALL
    SELECT child_id, month, 'safeguarding_referrals', 1, 1
    FROM bench_events WHERE kind = 'refer_to_safeguarding'
    UNION ALL
    SELECT child_id, month,
           CASE level WHEN 0 THEN 'children_at_level_0' WHEN 1 THEN 'children_at_level_1'
                      WHEN 2 THEN 'children_at_level_2' WHEN 3 THEN 'children_at_level_3'
                      ELSE 'children_at_level_4' END,
           sign, sign
    FROM standing
    UNION ALL
    SELECT child_id, month, 'level_3_with_lead_professional', sign, sign * lead
    FROM standing WHERE level = 3
),
area_tallies AS (
    SELECT c.locality AS area, t.measure, t.month,
           SUM(t.counted) AS counted, SUM(t.in_numerator) AS in_numerator
    FROM tallies t
    JOIN bench_children c ON c.child_id = t.child_id
    GROUP BY c.locality, t.measure, t.month
),
by_area AS (
    SELECT area, measure, month, counted, in_numerator FROM area_tallies WHERE area <> ''
    UNION ALL
    SELECT '', measure, month, SUM(counted), SUM(in_numerator)
    FROM area_tallies GROUP BY measure, month
),
areas AS (
    SELECT DISTINCT locality AS area FROM bench_children WHERE locality <> ''
    UNION
    SELECT ''
)
SELECT m.measure, a.area AS locality, p.start_day, p.end_day,
       COALESCE(SUM(t.in_numerator), 0) AS numerator,
       COALESCE(SUM(t.counted), 0) AS counted
FROM bench_measures m
CROSS JOIN areas a
CROSS JOIN bench_periods p
LEFT JOIN by_area t
    ON t.measure = m.measure AND t.area = a.area AND t.month <= p.end_month
   AND (m.at_period_end = 1 OR t.month >= p.start_month)
GROUP BY m.measure, a.area, p.start_day, p.end_day
