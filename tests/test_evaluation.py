"""Evaluation scores exactly as ANNOTATION.md says."""

from pipeline.evaluation import article_differences, evaluate, score_article


def test_region_names_compare_without_spaces_and_case():
    scores = score_article({"regions": ["Kota Palangka Raya"]}, {"regions": ["kota palangkaraya"]})
    assert (scores["regions"].tp, scores["regions"].fp, scores["regions"].fn) == (1, 0, 0)


def test_officials_match_on_name_but_full_match_needs_every_field():
    gold = {"officials": [{"name": "Rina Wulandari", "position": "Bupati",
                           "organization": "Pemerintah Kabupaten Sleman", "region": "Kabupaten Sleman"}]}
    pred = {"officials": [{"name": "Rina  Wulandari.", "position": "Wakil Bupati",
                           "organization": "Pemerintah Kabupaten Sleman", "region": "Kabupaten Sleman"}]}
    scores = score_article(gold, pred)
    assert scores["officials"].tp == 1
    assert (scores["officials_full"].tp, scores["officials_full"].fp, scores["officials_full"].fn) == (0, 1, 1)


def test_worker_counts_match_one_to_one_on_value_and_report_status_accuracy():
    gold = {"worker_counts": [{"value": 500, "status": "protected"}, {"value": 500, "status": "target"}]}
    pred = {"worker_counts": [{"value": 500, "status": "protected"}, {"value": 500, "status": "protected"},
                              {"value": 500, "status": "other"}]}
    score = score_article(gold, pred)["worker_counts"]
    assert (score.tp, score.fp, score.fn) == (2, 1, 0)
    assert score.attributes["status"] == [1, 2]


def test_numbers_report_region_accuracy_comparing_region_names_as_regions():
    gold = {"budgets": [{"amount_idr": 10**9, "kind": "budget", "region": "Kota Palangka Raya"},
                        {"amount_idr": 2 * 10**9, "kind": "budget", "region": None}]}
    pred = {"budgets": [{"amount_idr": 10**9, "kind": "budget", "region": "Kota Palangkaraya"},
                        {"amount_idr": 2 * 10**9, "kind": "budget", "region": "Kabupaten Paser"}]}
    score = score_article(gold, pred)["budgets"]
    assert score.attributes == {"kind": [2, 2], "region": [1, 2]}


def test_percentages_match_within_a_hundredth():
    score = score_article({"percentages": [{"value": 96.5, "subject": "coverage"}]},
                          {"percentages": [{"value": 96.509, "subject": "coverage"}]})["percentages"]
    assert score.tp == 1


def test_a_wrong_event_date_is_both_a_false_positive_and_a_false_negative():
    score = score_article({"event_date": "2021-06-07"}, {"event_date": "2021-06-08"})["event_date"]
    assert (score.tp, score.fp, score.fn) == (0, 1, 1)


def test_a_missing_prediction_counts_every_gold_fact_as_missed():
    report = evaluate([{"id": "a", "facts": {"programs": ["Jaminan Kematian"]}}], {})
    assert report.missing_predictions == ["a"]
    assert report.per_type["programs"].fn == 1


def test_micro_average_leaves_out_officials_full():
    gold = [{"id": "a", "facts": {"officials": [{"name": "Budi", "position": "Bupati"}]}}]
    pred = {"a": {"officials": [{"name": "Budi", "position": "Camat"}]}}
    report = evaluate(gold, pred)
    assert (report.micro.tp, report.micro.fp, report.micro.fn) == (1, 0, 0)


def test_differences_list_an_official_with_another_position_as_differing_not_missed():
    gold = {"officials": [{"name": "Sri Lestari", "position": "Kepala Dinas", "organization": None, "region": None}]}
    pred = {"officials": [{"name": "Sri Lestari", "position": "Kepala", "organization": None, "region": None}]}
    assert [(kind, verdict) for kind, verdict, _ in article_differences(gold, pred)] == [("officials", "DIFFERS")]


def test_differences_list_unmatched_counts_as_missed_and_extra():
    gold = {"worker_counts": [{"value": 120, "status": "protected", "group": "nelayan", "text": "120 nelayan"}]}
    pred = {"worker_counts": [{"value": 12, "status": "protected", "group": "nelayan", "text": "12 nelayan"}]}
    verdicts = [(verdict, fact["value"]) for _, verdict, fact in article_differences(gold, pred)]
    assert verdicts == [("MISSED", 120), ("EXTRA", 12)]
