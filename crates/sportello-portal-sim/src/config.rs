//! What the simulator serves and how it misbehaves.

use std::time::Duration;

use chrono::{DateTime, TimeZone, Utc};

/// What the simulator serves and how it misbehaves. Every share is in `0..=1` and every decision
/// is drawn from `seed`, so a run repeats exactly.
#[derive(Debug, Clone)]
pub struct SimConfig {
    /// The operator's account (`POST /auth`).
    pub user: String,
    pub password: String,
    /// Other operators' accounts (username, password): a colleague who is not the assignee.
    pub colleagues: Vec<(String, String)>,
    /// How many applications the list shows by default (drafts come on top of these).
    pub applications: usize,
    pub seed: u64,
    /// "Now" for the generated data: submissions spread over the four weeks before it, and
    /// dates that must not be expired fall after it.
    pub base_date: DateTime<Utc>,
    /// Share of drafts (1000), generated on top of `applications`.
    pub drafts: f64,
    /// Share of applications the citizen withdrew (20000).
    pub withdrawn: f64,
    /// Share of readable applications that break a service rule ([`crate::RuleBreak`]).
    pub rule_breaking: f64,
    /// Share of hostile applications ([`crate::Hostile`]), one kind after the other.
    pub hostile: f64,
    /// How long a token lives (the platform's default is an hour).
    pub token_ttl: Duration,
    /// Added to every request.
    pub latency: Duration,
    /// Share of requests answered 503 before any work.
    pub fail_5xx: f64,
    /// Share of requests left hanging for [`SimConfig::hang`] (the client times out).
    pub timeout: f64,
    /// How long a timed-out request hangs before the 503 nobody waits for.
    pub hang: Duration,
    /// Share of requests whose connection is closed without a complete answer.
    pub drop: f64,
    /// Share of JSON answers cut in half (200, honest length, broken JSON).
    pub truncate: f64,
    /// Share of JSON answers that are not JSON (a PHP warning before the body).
    pub malformed: f64,
    /// Share of pages (after the first) that repeat the previous page's last item.
    pub duplicate: f64,
    /// Share of pages served with their items shuffled.
    pub reorder: f64,
    /// Share of attachment downloads with bad bytes: changed bytes when the file was served
    /// before, a `Content-Length` larger than the body otherwise.
    pub bad_hash: f64,
    /// Share of transitions and message posts that are applied and recorded, then answered
    /// with a 503 or a dropped connection (the answer is lost, not the action).
    pub lost_answer: f64,
}

impl Default for SimConfig {
    fn default() -> Self {
        Self {
            user: "operatore".into(),
            password: "portale-di-prova".into(),
            colleagues: vec![("collega".into(), "portale-di-prova-2".into())],
            applications: 40,
            seed: 2026,
            base_date: Utc
                .with_ymd_and_hms(2026, 11, 16, 8, 0, 0)
                .single()
                .unwrap_or_default(),
            drafts: 0.05,
            withdrawn: 0.03,
            rule_breaking: 0.03,
            hostile: 0.02,
            token_ttl: Duration::from_secs(3600),
            latency: Duration::ZERO,
            fail_5xx: 0.0,
            timeout: 0.0,
            hang: Duration::from_secs(60),
            drop: 0.0,
            truncate: 0.0,
            malformed: 0.0,
            duplicate: 0.0,
            reorder: 0.0,
            bad_hash: 0.0,
            lost_answer: 0.0,
        }
    }
}
