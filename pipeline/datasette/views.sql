-- Views for researchers, recreated by `warta run`/`ingest` and `warta serve` (serving.install_views),
-- so they always match the code that serves them.  Each view starts with "CREATE VIEW name AS".
-- Place of a fact: the office's region for an official, else the first regency/city (then province)
-- named in the fact's sentence, else the article's first regency/city (then province).
-- Date of a fact: the article's event date, else its publication date.

CREATE VIEW region_places AS
SELECT r.code AS region_code, r.name AS region, r.type AS region_type,
       COALESCE(p.code, r.code) AS province_code, COALESCE(p.name, r.name) AS province,
       r.latitude, r.longitude
FROM regions r LEFT JOIN regions p ON p.code = r.parent_code;

CREATE VIEW article_context AS
WITH ranked AS (
    SELECT ar.article_id, ar.region_code,
           ROW_NUMBER() OVER (PARTITION BY ar.article_id ORDER BY r.parent_code IS NULL, ar.start) AS rank
    FROM article_regions ar JOIN regions r ON r.code = ar.region_code
), dated AS (
    SELECT a.id AS article_id, a.title, o.name AS outlet, a.published,
           COALESCE((SELECT MIN(e.date) FROM event_dates e WHERE e.article_id = a.id), a.published) AS date
    FROM articles a LEFT JOIN outlets o ON o.id = a.outlet_id
)
SELECT d.article_id, d.title, d.outlet, d.published, d.date, substr(d.date, 1, 4) AS year,
       ranked.region_code
FROM dated d LEFT JOIN ranked ON ranked.article_id = d.article_id AND ranked.rank = 1;

CREATE VIEW all_facts AS
SELECT 'worker_count' AS kind, id AS fact_id, article_id, sentence_id, start, [end], NULL AS region_code,
       value_workers, NULL AS amount_idr, NULL AS value_percent, status AS category, group_name AS detail, text
FROM worker_counts
UNION ALL
SELECT 'budget', id, article_id, sentence_id, start, [end], NULL, NULL, amount_idr, NULL, kind, funding_source, text
FROM budgets
UNION ALL
SELECT 'percentage', id, article_id, sentence_id, start, [end], NULL, NULL, NULL, value_percent, subject, NULL, text
FROM percentages
UNION ALL
SELECT 'official', id, article_id, sentence_id, start, [end], region_code, NULL, NULL, NULL, position, name, text
FROM officials
UNION ALL
SELECT 'program', ap.id, ap.article_id, ap.sentence_id, ap.start, ap.[end], NULL, NULL, NULL, NULL, p.name, NULL, ap.text
FROM article_programs ap JOIN programs p ON p.id = ap.program_id
UNION ALL
SELECT 'region', ar.id, ar.article_id, ar.sentence_id, ar.start, ar.[end], ar.region_code, NULL, NULL, NULL,
       r.name, NULL, ar.text
FROM article_regions ar JOIN regions r ON r.code = ar.region_code
UNION ALL
SELECT 'event_date', id, article_id, sentence_id, start, [end], NULL, NULL, NULL, NULL, date, NULL, text
FROM event_dates;

CREATE VIEW fact_places AS
SELECT f.kind, f.fact_id, f.article_id, c.title, c.outlet, c.date, c.year,
       rp.region_code, rp.region, rp.province, rp.latitude, rp.longitude,
       f.value_workers, f.amount_idr, f.value_percent, f.category, f.detail, f.text, s.text AS sentence
FROM all_facts f
JOIN article_context c ON c.article_id = f.article_id
LEFT JOIN sentences s ON s.id = f.sentence_id
LEFT JOIN region_places rp ON rp.region_code = COALESCE(
    f.region_code,
    (SELECT ar.region_code FROM article_regions ar JOIN regions r ON r.code = ar.region_code
     WHERE ar.sentence_id = f.sentence_id ORDER BY r.parent_code IS NULL, ar.start LIMIT 1),
    c.region_code);

CREATE VIEW coverage AS
SELECT kind, fact_id, article_id, title, outlet, date, year, province, region,
       category AS measure, detail AS group_name, value_workers, value_percent, text, sentence
FROM fact_places WHERE kind IN ('worker_count', 'percentage');

CREATE VIEW budget_programs AS
SELECT DISTINCT b.id AS budget_id, p.name AS program
FROM budgets b
JOIN article_programs ap ON ap.article_id = b.article_id
JOIN programs p ON p.id = ap.program_id
WHERE ap.sentence_id = b.sentence_id
   OR NOT EXISTS (SELECT 1 FROM article_programs x WHERE x.article_id = b.article_id AND x.sentence_id = b.sentence_id);

CREATE VIEW budget_facts AS
SELECT f.fact_id, f.article_id, f.title, f.outlet, f.date, f.year, f.province, f.region,
       f.amount_idr, f.category AS kind, b.funding_source,
       (SELECT group_concat(program, '; ') FROM (SELECT program FROM budget_programs bp
                                                 WHERE bp.budget_id = f.fact_id ORDER BY program)) AS programs,
       f.text, f.sentence
FROM fact_places f JOIN budgets b ON b.id = f.fact_id
WHERE f.kind = 'budget';

CREATE VIEW program_places AS
SELECT fact_id, article_id, title, outlet, date, year, province, region, category AS program, text, sentence
FROM fact_places WHERE kind = 'program';

CREATE VIEW official_positions AS
SELECT f.fact_id, o.person_id, p.name AS person, o.name AS name_as_written, o.position, o.organization,
       f.province, f.region, f.date, f.year, f.article_id, f.title, f.outlet, f.sentence
FROM fact_places f
JOIN officials o ON o.id = f.fact_id
LEFT JOIN people p ON p.id = o.person_id
WHERE f.kind = 'official';
