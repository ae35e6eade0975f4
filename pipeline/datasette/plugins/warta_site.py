"""Datasette plugin: the researchers' site around the tables: dashboard, page titles, footer, facets.

- `/-/dashboard`: the map of facts per regency (Leaflet, from datasette-leaflet, served locally)
  and a chart of coverage over time per region (protected vs total, targets apart), both filtered
  by province and year.  The chart is a Vega-Lite spec rendered to SVG on the server by
  vl-convert, so the page needs no chart script.
- Templates in pipeline/datasette/templates extend Datasette's own: a canned query's page is titled
  by its name, the licence and source stand in the footer of every page, and an article's row
  page leads to its corrected facts and its review page.
- A `region` facet type: a region-code column faceted by region name, for views, which have no
  foreign keys for Datasette to label.
"""

from __future__ import annotations

import asyncio
import json
from importlib import resources
from typing import Any

from datasette import hookimpl
from datasette.facets import ColumnFacet
from datasette.utils.asgi import NotFound, Response
from jinja2 import FileSystemLoader

ASSETS = resources.files("pipeline") / "datasette"
DASHBOARD_JS = "dashboard.js"
# The fact tables whose article rows a researcher wants from the article's page.
CURRENT_VIEWS = {"officials_current": "officials", "worker_counts_current": "worker counts",
                 "budgets_current": "budgets", "percentages_current": "percentages",
                 "article_programs_current": "programs", "article_regions_current": "regions",
                 "event_dates_current": "event dates"}
COVERAGE_MEASURES = ("protected", "total", "target")

MARKERS_SQL = """
SELECT region_code, region, province, latitude, longitude, COUNT(*) AS facts,
       COUNT(DISTINCT article_id) AS articles,
       SUM(kind = 'worker_count') AS worker_counts, SUM(kind = 'budget') AS budgets,
       SUM(kind = 'percentage') AS percentages, SUM(kind = 'official') AS officials,
       SUM(kind = 'program') AS programs
FROM fact_places
WHERE latitude IS NOT NULL AND (:province = '' OR province = :province) AND (:year = '' OR year = :year)
GROUP BY region_code ORDER BY facts DESC
"""
COVERAGE_SQL = """
SELECT region, CAST(year AS INTEGER) AS year, measure, MAX(value_workers) AS workers
FROM coverage
WHERE kind = 'worker_count' AND measure IN ('protected', 'total', 'target') AND region IS NOT NULL
  AND year IS NOT NULL AND (:province = '' OR province = :province) AND (:year = '' OR year = :year)
GROUP BY region, year, measure ORDER BY region, year
"""
CHOICES_SQL = """
SELECT (SELECT json_group_array(province) FROM (SELECT DISTINCT province FROM fact_places
                                               WHERE province IS NOT NULL ORDER BY province)),
       (SELECT json_group_array(year) FROM (SELECT DISTINCT year FROM fact_places WHERE year IS NOT NULL ORDER BY year))
"""


class RegionFacet(ColumnFacet):
    """A column of region codes, faceted with each region's name as the label."""

    type = "region"

    async def suggest(self) -> list[dict[str, Any]]:
        return []  # the column facet already suggests the column

    async def facet_results(self) -> tuple[list[dict[str, Any]], list[str]]:
        results, timed_out = await super().facet_results()
        codes = sorted({str(row["value"]) for facet in results for row in facet["results"]})
        if codes:
            names = dict((await self.ds.execute(
                self.database, f"SELECT code, name FROM regions WHERE code IN ({', '.join('?' * len(codes))})",
                codes)).rows)
            for facet in results:
                for row in facet["results"]:
                    row["label"] = names.get(str(row["value"]), row["value"])
        return results, timed_out


@hookimpl
def register_facet_classes() -> list[type]:
    return [RegionFacet]


@hookimpl
def prepare_jinja2_environment(env: Any) -> None:
    env.loader.loaders.insert(0, FileSystemLoader(str(ASSETS / "templates")))


@hookimpl
def extra_template_vars(datasette: Any) -> dict[str, Any]:
    """The site's licence and source for every footer, and the article page's links."""
    site = {key: datasette.metadata(key) for key in ("license", "license_url", "source", "source_url")}
    return {"warta_site": site, "warta_current_views": CURRENT_VIEWS}


@hookimpl
def menu_links(datasette: Any) -> list[dict[str, str]]:
    return [{"href": datasette.urls.path("/-/dashboard"), "label": "Dashboard: map and coverage chart"}]


@hookimpl
def register_routes() -> list[tuple[str, Any]]:
    return [(r"^/-/dashboard$", dashboard_page), (r"^/-/dashboard/static/dashboard\.js$", dashboard_script)]


@hookimpl
def startup(datasette: Any) -> Any:
    async def warm_up() -> None:  # vl-convert starts its JavaScript engine on the first chart (about 1 s)
        await asyncio.get_running_loop().run_in_executor(None, chart_svg, [])

    return warm_up


async def dashboard_script(request: Any) -> Response:
    return Response((ASSETS / "static" / DASHBOARD_JS).read_text(encoding="utf-8"),
                    content_type="application/javascript; charset=utf-8", headers={"cache-control": "no-cache"})


async def _facts_database(datasette: Any) -> Any:
    for database in datasette.databases.values():
        if "fact_places" in {*await database.view_names(), *await database.table_names()}:  # a view or its table
            return database
    raise NotFound("no database with the fact_places view: build one with `warta run`")


def coverage_spec(rows: list[dict[str, Any]]) -> dict[str, Any]:
    """Vega-Lite: per region, protected and total workers by year as lines; targets in a panel apart."""
    def panel(title: str, measures: list[str], mark: dict[str, Any]) -> dict[str, Any]:
        return {
            "title": title,
            "transform": [{"filter": {"field": "measure", "oneOf": measures}}],
            "mark": mark,
            "encoding": {
                "x": {"field": "year", "type": "ordinal", "title": "year", "axis": {"labelAngle": 0}},
                "y": {"field": "workers", "type": "quantitative", "title": "workers", "axis": {"format": ",d"}},
                "color": {"field": "measure", "type": "nominal", "title": None,
                          "scale": {"domain": list(COVERAGE_MEASURES), "range": ["#2a7f62", "#8a8f98", "#c2671b"]}},
                "tooltip": [{"field": "region"}, {"field": "year"}, {"field": "measure"},
                            {"field": "workers", "format": ","}],
            },
        }

    def faceted(body: dict[str, Any]) -> dict[str, Any]:
        return {"facet": {"field": "region", "type": "nominal", "title": None}, "columns": 3,
                "spec": {**{k: v for k, v in body.items() if k != "title"}, "width": 220, "height": 140},
                "title": body["title"], "resolve": {"scale": {"x": "independent", "y": "independent"}}}

    return {
        "$schema": "https://vega.github.io/schema/vega-lite/v5.json",
        "data": {"values": rows},
        "vconcat": [faceted(panel("Protected vs total workers", ["protected", "total"],
                                  {"type": "line", "point": True})),
                    faceted(panel("Targets", ["target"], {"type": "bar"}))],
        "config": {"font": "sans-serif", "legend": {"orient": "top"}},
    }


def chart_svg(rows: list[dict[str, Any]]) -> str:
    import vl_convert

    return vl_convert.vegalite_to_svg(coverage_spec(rows))


async def dashboard_page(request: Any, datasette: Any) -> Response:
    database = await _facts_database(datasette)
    params = {"province": request.args.get("province", ""), "year": request.args.get("year", "")}
    markers = [dict(row) for row in (await database.execute(MARKERS_SQL, params)).rows]
    coverage = [dict(row) for row in (await database.execute(COVERAGE_SQL, params)).rows]
    provinces, years = (json.loads(v) for v in (await database.execute(CHOICES_SQL)).first())
    svg = await asyncio.get_running_loop().run_in_executor(None, chart_svg, coverage) if coverage else None
    context = {"database": database.name, "filters": params, "provinces": provinces, "years": years,
               "markers": markers, "markers_json": json.dumps(markers, ensure_ascii=False), "chart_svg": svg,
               "script": datasette.urls.path("/-/dashboard/static/dashboard.js")}
    return Response.html(await datasette.render_template("warta_dashboard.html", context, request=request))
