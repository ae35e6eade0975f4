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
-- article_context, fact_places, coverage, budget_programs, budget_facts, official_positions and
-- review_order are tables built from these views and kept in step article by article;
-- pipeline/layer.py holds their definitions; program_places reads fact_places.

-- A region's province (a province is its own): the one definition, read by layer.py's fact_places too.
CREATE VIEW region_places AS
SELECT r.code AS region_code, r.name AS region, r.type AS region_type,
       COALESCE(p.code, r.code) AS province_code, COALESCE(p.name, r.name) AS province,
       r.latitude, r.longitude
FROM regions r LEFT JOIN regions p ON p.code = r.parent_code;

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

CREATE VIEW program_places AS
SELECT fact_id, article_id, title, outlet, date, year, province, region, category AS program, text, sentence,
       review
FROM fact_places WHERE kind = 'program';
