-- Views for researchers, recreated by `warta run`/`ingest` and `warta serve` (serving.install_views),
-- so they always match the code that serves them.  Each view starts with "CREATE VIEW name AS".
-- They read the facts as corrected by reviewers (the <table>_current views of pipeline/judgements.py:
-- human edit > human reject > machine), never the raw machine tables, so a correction shows on the
-- map, the chart and in every canned query.  `review` says how a fact stands: unreviewed, accepted,
-- edited or added.
-- Place of a fact: a worker count's, budget's or percentage's own region (the one it is about, bound
-- by the rules or a reviewer; none when it is national or about several regions); the office's
-- region for an official; for other facts the first regency/city (then province) named in the
-- fact's sentence, else the article's first regency/city (then province).
-- Date of a fact: the article's event date (a reviewer's first), else its publication date.

CREATE VIEW region_places AS
SELECT r.code AS region_code, r.name AS region, r.type AS region_type,
       COALESCE(p.code, r.code) AS province_code, COALESCE(p.name, r.name) AS province,
       r.latitude, r.longitude
FROM regions r LEFT JOIN regions p ON p.code = r.parent_code;

CREATE VIEW article_context AS
WITH ranked AS (
    SELECT ar.article_id, ar.region_code,
           ROW_NUMBER() OVER (PARTITION BY ar.article_id ORDER BY r.parent_code IS NULL, ar.start) AS rank
    FROM article_regions_current ar JOIN regions r ON r.code = ar.region_code
), event AS (
    SELECT article_id, date, ROW_NUMBER() OVER (PARTITION BY article_id ORDER BY origin = 'machine', start) AS rank
    FROM event_dates_current
), dated AS (
    SELECT a.id AS article_id, a.title, o.name AS outlet, a.published, COALESCE(event.date, a.published) AS date
    FROM articles a LEFT JOIN outlets o ON o.id = a.outlet_id
    LEFT JOIN event ON event.article_id = a.id AND event.rank = 1
)
SELECT d.article_id, d.title, d.outlet, d.published, d.date, substr(d.date, 1, 4) AS year,
       ranked.region_code
FROM dated d LEFT JOIN ranked ON ranked.article_id = d.article_id AND ranked.rank = 1;

CREATE VIEW all_facts AS
SELECT 'worker_count' AS kind, id AS fact_id, article_id, sentence_id, start, [end], region_code,
       value_workers, NULL AS amount_idr, NULL AS value_percent, status AS category, group_name AS detail, text,
       review
FROM worker_counts_current
UNION ALL
SELECT 'budget', id, article_id, sentence_id, start, [end], region_code, NULL, amount_idr, NULL, kind, funding_source,
       text,
       review
FROM budgets_current
UNION ALL
SELECT 'percentage', id, article_id, sentence_id, start, [end], region_code, NULL, NULL, value_percent, subject, NULL,
       text,
       review
FROM percentages_current
UNION ALL
SELECT 'official', id, article_id, sentence_id, start, [end], region_code, NULL, NULL, NULL, position, name, text,
       review
FROM officials_current
UNION ALL
SELECT 'program', id, article_id, sentence_id, start, [end], NULL, NULL, NULL, NULL, program, NULL, text, review
FROM article_programs_current
UNION ALL
SELECT 'region', ar.id, ar.article_id, ar.sentence_id, ar.start, ar.[end], ar.region_code, NULL, NULL, NULL,
       r.name, NULL, ar.text, ar.review
FROM article_regions_current ar JOIN regions r ON r.code = ar.region_code
UNION ALL
SELECT 'event_date', id, article_id, sentence_id, start, [end], NULL, NULL, NULL, NULL, date, NULL, text, review
FROM event_dates_current;

CREATE VIEW fact_places AS
SELECT f.kind, f.fact_id, f.article_id, c.title, c.outlet, c.date, c.year,
       rp.region_code, rp.region, rp.province, rp.latitude, rp.longitude,
       f.value_workers, f.amount_idr, f.value_percent, f.category, f.detail, f.text, s.text AS sentence, f.review
FROM all_facts f
JOIN article_context c ON c.article_id = f.article_id
LEFT JOIN sentences s ON s.id = f.sentence_id
LEFT JOIN region_places rp ON rp.region_code = CASE WHEN f.kind IN ('worker_count', 'budget', 'percentage')
    THEN f.region_code ELSE COALESCE(
    f.region_code,
    (SELECT ar.region_code FROM article_regions_current ar JOIN regions r ON r.code = ar.region_code
     WHERE ar.sentence_id = f.sentence_id ORDER BY r.parent_code IS NULL, ar.start LIMIT 1),
    c.region_code) END;

CREATE VIEW coverage AS
SELECT kind, fact_id, article_id, title, outlet, date, year, province, region,
       category AS measure, detail AS group_name, value_workers, value_percent, text, sentence, review
FROM fact_places WHERE kind IN ('worker_count', 'percentage');

CREATE VIEW budget_programs AS
SELECT DISTINCT b.id AS budget_id, ap.program
FROM budgets_current b
JOIN article_programs_current ap ON ap.article_id = b.article_id
WHERE ap.program IS NOT NULL
  AND (ap.sentence_id = b.sentence_id
       OR NOT EXISTS (SELECT 1 FROM article_programs_current x
                      WHERE x.article_id = b.article_id AND x.sentence_id = b.sentence_id));

CREATE VIEW budget_facts AS
SELECT f.fact_id, f.article_id, f.title, f.outlet, f.date, f.year, f.province, f.region,
       f.amount_idr, f.category AS kind, f.detail AS funding_source,
       (SELECT group_concat(program, '; ') FROM (SELECT program FROM budget_programs bp
                                                 WHERE bp.budget_id = f.fact_id ORDER BY program)) AS programs,
       f.text, f.sentence, f.review
FROM fact_places f
WHERE f.kind = 'budget';

CREATE VIEW program_places AS
SELECT fact_id, article_id, title, outlet, date, year, province, region, category AS program, text, sentence,
       review
FROM fact_places WHERE kind = 'program';

CREATE VIEW official_positions AS
SELECT f.fact_id, o.person_id, p.name AS person, o.name AS name_as_written, o.position, o.organization,
       f.province, f.region, f.date, f.year, f.article_id, f.title, f.outlet, f.sentence, f.review
FROM fact_places f
JOIN officials_current o ON o.id = f.fact_id AND o.article_id = f.article_id
LEFT JOIN people p ON p.id = o.person_id
WHERE f.kind = 'official';
