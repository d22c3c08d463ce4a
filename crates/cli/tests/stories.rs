//! The planted stories of `docs/data.md`, found by the engine's own detectors (*Qué cambió*) and
//! rankings on the default lake, without being told where they are.

use std::sync::OnceLock;

use cx_engine::calendar::days_from_civil;
use cx_engine::kpis::insights::{InsightKind, Metric};
use cx_engine::{Engine, Filter};

fn engine() -> &'static Engine {
    static ENGINE: OnceLock<(tempfile::TempDir, Engine)> = OnceLock::new();
    &ENGINE
        .get_or_init(|| {
            let dir = tempfile::tempdir().expect("temp dir");
            let out = dir.path().join("lake");
            cx_generator::generate(&cx_generator::Config {
                seed: 20_261_031,
                scale: 1,
                out: out.clone(),
            })
            .expect("generate");
            let (lake, manifest) =
                cx_cli::load_lake(&out.join("published")).expect("the generated lake loads");
            let last = cx_engine::parse_day(&manifest.date_to).expect("date_to");
            (dir, Engine::new(lake, Engine::options_for(last)))
        })
        .1
}

#[test]
fn what_changed_finds_the_outage_week_the_weak_agents_email_and_rising_nps() {
    let e = engine();
    let sel = e.select(&Filter::default()).expect("filter");
    let found = e.insights(&sel);
    for f in &found {
        eprintln!(
            "{:?} {:?} {} {:.1} vs {:.1} (z {:.1})",
            f.kind, f.metric, f.subject, f.value, f.baseline, f.score
        );
    }
    let outage = found
        .iter()
        .filter(|f| f.kind == InsightKind::Spike && f.subject == "2025-08-18")
        .map(|f| f.metric)
        .collect::<Vec<_>>();
    assert!(outage.contains(&Metric::Abandonment), "{outage:?}");
    assert!(outage.contains(&Metric::Complaints), "{outage:?}");
    for agent in ["T-07", "T-19", "T-26", "W-11"] {
        assert!(
            found
                .iter()
                .any(|f| f.kind == InsightKind::AgentBelowPeers && f.subject == agent),
            "{agent} not found"
        );
    }
    assert!(found
        .iter()
        .any(|f| f.kind == InsightKind::ChannelBelowPeers && f.subject == "email"));
    assert!(found
        .iter()
        .any(|f| f.kind == InsightKind::Trend && f.metric == Metric::Nps && f.value > f.baseline));
}

#[test]
fn the_weak_agents_sit_in_their_teams_bottom_quartile() {
    let e = engine();
    let sel = e.select(&Filter::default()).expect("filter");
    let cards = e.agents(&sel);
    for agent in ["T-07", "T-19", "T-26", "W-11"] {
        let card = cards.iter().find(|c| c.row.agent == agent).expect("agent");
        assert_eq!(card.quartile, Some(4), "{agent}: {card:?}");
    }
}

#[test]
fn the_previous_period_has_the_same_length_and_ends_the_day_before() {
    let e = engine();
    let week = Filter {
        from: Some("2025-08-18".into()),
        to: Some("2025-08-24".into()),
        ..Filter::default()
    };
    let prev = e
        .previous(&week)
        .expect("filter")
        .expect("a previous period");
    assert_eq!(prev.from.as_deref(), Some("2025-08-11"));
    assert_eq!(prev.to.as_deref(), Some("2025-08-17"));
    assert_eq!(e.previous(&Filter::default()).expect("filter"), None);
    let (first, _) = e.data_days().expect("data");
    assert!(first < days_from_civil(2025, 1, 1));
}

#[test]
fn a_malformed_filter_is_a_filter_error_not_a_data_error() {
    let e = engine();
    let bad = Filter {
        from: Some("2025-02-30".into()),
        ..Filter::default()
    };
    let err = e.select(&bad).expect_err("bad date");
    assert!(err.to_string().contains("2025-02-30"), "{err}");
    let inverted = Filter {
        from: Some("2025-03-02".into()),
        to: Some("2025-03-01".into()),
        ..Filter::default()
    };
    assert!(e.select(&inverted).is_err());
}

#[test]
fn volume_by_month_equals_the_catalogues_monthly_volume_and_split_partitions_the_rows() {
    let e = engine();
    for f in [
        Filter::default(),
        Filter {
            channels: vec!["email".into()],
            from: Some("2025-03-15".into()),
            ..Filter::default()
        },
    ] {
        let sel = e.select(&f).expect("filter");
        let catalogue = cx_engine::report(e.lake(), e.index(), &sel, e.options()).volume;
        assert_eq!(e.volume(&sel, cx_engine::Granularity::Month), catalogue);
        for step in cx_engine::Granularity::ALL {
            let parts = sel.split(e.lake(), step);
            assert_eq!(parts.iter().map(|(_, p)| p.len()).sum::<usize>(), sel.len());
            assert!(
                parts.windows(2).all(|w| w[0].0 < w[1].0),
                "{step:?} in order"
            );
            for (start, part) in &parts {
                for &i in &part.calls {
                    let day = cx_engine::calendar::day_of_ms(e.lake().calls.start_ms[i as usize]);
                    assert_eq!(step.start(day), *start);
                }
            }
        }
    }
}

#[test]
fn the_weak_branch_has_the_lowest_stars_and_the_outage_week_the_late_complaint_answers() {
    let e = engine();
    let sel = e.select(&Filter::default()).expect("filter");
    let branches = e.review_branches(&sel);
    assert_eq!(
        branches.first().map(|b| b.platform.as_str()),
        Some(cx_generator::world::WEAK_BRANCH),
        "lowest-rated branch first: {branches:?}"
    );
    // On-time answers of the entries filed in the outage week against every other week.
    let weeks = e.complaint_series(&sel, cx_engine::Granularity::Week);
    let outage = weeks
        .iter()
        .find(|w| w.start == cx_generator::world::OUTAGE_FIRST)
        .and_then(|w| w.value.on_time)
        .expect("the outage week has judged entries");
    let mut others: Vec<f64> = weeks
        .iter()
        .filter(|w| w.start != cx_generator::world::OUTAGE_FIRST)
        .filter_map(|w| w.value.on_time)
        .collect();
    others.sort_by(f64::total_cmp);
    let median = others[others.len() / 2];
    eprintln!("on time: outage week {outage:.1} %, median week {median:.1} %");
    assert!(
        outage + 20.0 < median,
        "outage week {outage} vs median {median}"
    );
}

#[test]
fn the_deadline_list_is_ordered_and_signed_and_the_groups_add_up() {
    let e = engine();
    let sel = e.select(&Filter::default()).expect("filter");
    let list = e.deadlines(&sel);
    assert!(!list.is_empty());
    assert!(list.windows(2).all(|w| w[0].due_day <= w[1].due_day));
    let today = cx_engine::calendar::day_of_ms(e.options().as_of_ms);
    for d in &list {
        assert_eq!(d.left < 0, d.due_day < today, "{d:?}");
    }
    let k = e.complaints(&sel);
    let open: u64 = k.backlog.iter().map(|b| b.open).sum();
    assert_eq!(open, list.len() as u64);
    for by in [
        cx_engine::kpis::complaints::ComplaintBy::Tipo,
        cx_engine::kpis::complaints::ComplaintBy::Item,
        cx_engine::kpis::complaints::ComplaintBy::Channel,
    ] {
        let groups = e.complaint_groups(&sel, by);
        assert_eq!(groups.iter().map(|g| g.entries).sum::<u64>(), k.entries);
    }
    let t = e.tickets(&sel);
    let by_priority = e.ticket_groups(&sel, cx_engine::kpis::tickets::TicketBy::Priority);
    assert_eq!(
        by_priority
            .iter()
            .map(|g| g.key.as_str())
            .collect::<Vec<_>>(),
        ["urgente", "alta", "media", "baja"]
    );
    assert_eq!(
        by_priority.iter().map(|g| g.kpis.tickets).sum::<u64>(),
        t.tickets
    );
    let (repeat_bands, _, top) = e.repeat_contacters(&sel, 3, 10);
    let contacted: u64 = repeat_bands.iter().map(|b| b.1).sum();
    assert!(contacted > 0 && contacted <= sel.customers.len() as u64);
    assert!(top.windows(2).all(|w| w[0].burst >= w[1].burst));
    assert!(top.iter().all(|r| r.burst >= 3 && r.burst <= r.contacts));
}
