//! The queue: filtered, sorted, keyset-paged rows and counts per state, all parameterised SQL.

use chrono::{Days, NaiveDate};
use sportello_domain::clock::row_status;
use sportello_domain::policy::{DepartmentScope, Permission};
use sportello_domain::protocol::ProtocolNumber;
use sportello_domain::queue::{
    AssigneeFilter, DeadlineFilter, QueueFilter, QueuePage, QueueQuery, QueueRow, SearchTerm,
    SortDir, SortKey, StateCount, StateCounts,
};
use sportello_domain::user::Actor;
use sportello_domain::workflow::State;
use sportello_domain::AppError;
use sqlx::{QueryBuilder, Row};

use super::dialect::{self, Db, DbRow};

use super::Store;
use crate::error::Result;
use crate::time::{self, Instant};

pub(crate) const QUEUE_SELECT: &str = "SELECT s.id, s.protocol_key, s.service, s.given_name, s.family_name,
    s.fiscal_code, s.state, u.full_name AS assignee_name, s.received_at, s.deadline, s.suspended_until,
    s.demo, s.sort_name FROM submissions s LEFT JOIN users u ON u.id = s.assignee_id";

const OPEN_STATES: &str = "('received', 'inReview', 'integrationRequested', 'noticeSent')";
const EXPIRING_DAYS: u64 = 7;

fn sort_expr(key: SortKey) -> &'static str {
    match key {
        SortKey::ReceivedAt => "s.received_at",
        SortKey::Deadline => "COALESCE(s.deadline, '9999-12-31')",
        SortKey::Applicant => "s.sort_name",
        SortKey::Protocol => "s.protocol_key",
    }
}

/// Where rows without a deadline sort (last, ascending).
const NO_DEADLINE: &str = "9999-12-31";

/// Binds a cursor's sort value with the column's own type, so each database compares it natively.
fn push_sort_value(
    qb: &mut QueryBuilder<'_, Db>,
    sort: SortKey,
    value: serde_json::Value,
) -> Result<()> {
    let text = value.as_str().map(str::to_string);
    match (sort, text) {
        (SortKey::ReceivedAt, Some(t)) => {
            qb.push_bind(Instant(time::parse_instant(&t).map_err(|_| bad_cursor())?));
        }
        (SortKey::Deadline, Some(t)) => {
            qb.push_bind(time::parse_date(&t).map_err(|_| bad_cursor())?);
        }
        (SortKey::Applicant, Some(t)) => {
            qb.push_bind(t);
        }
        (SortKey::Protocol, None) => {
            qb.push_bind(value.as_i64().ok_or_else(bad_cursor)?);
        }
        _ => return Err(bad_cursor().into()),
    }
    Ok(())
}

/// Counts per state from the totals the database keeps (migration 0005), for a filter that has
/// no deadline and no search: constant time however many submissions there are.
fn kept_counts<'a>(
    department: &'a str,
    actor: &Actor,
    filter: &'a QueueFilter,
) -> QueryBuilder<'a, Db> {
    let mut qb = QueryBuilder::new(
        "SELECT t.state, CAST(SUM(t.n) AS BIGINT) AS n FROM queue_totals t WHERE t.n > 0 AND t.department = ",
    );
    qb.push_bind(department);
    if let Some(service) = &filter.service {
        qb.push(" AND t.service = ").push_bind(service.as_str());
    }
    match filter.assignee {
        AssigneeFilter::Any => {}
        AssigneeFilter::Unassigned => {
            qb.push(" AND t.assignee = 0");
        }
        AssigneeFilter::Me => {
            qb.push(" AND t.assignee = ").push_bind(actor.id);
        }
        AssigneeFilter::User { id } => {
            qb.push(" AND t.assignee = ").push_bind(id);
        }
    }
    qb.push(" GROUP BY t.state");
    qb
}

fn push_filter<'a>(
    qb: &mut QueryBuilder<'a, Db>,
    department: &'a str,
    actor: &Actor,
    filter: &'a QueueFilter,
    today: NaiveDate,
    with_states: bool,
) {
    qb.push(" WHERE s.department = ").push_bind(department);
    if let Some(service) = &filter.service {
        qb.push(" AND s.service = ").push_bind(service.as_str());
    }
    if with_states && !filter.states.is_empty() {
        qb.push(" AND s.state IN (");
        let mut sep = qb.separated(", ");
        for st in &filter.states {
            sep.push_bind(st.as_str());
        }
        qb.push(")");
    }
    match filter.assignee {
        AssigneeFilter::Any => {}
        AssigneeFilter::Unassigned => {
            qb.push(" AND s.assignee_id IS NULL");
        }
        AssigneeFilter::Me => {
            qb.push(" AND s.assignee_id = ").push_bind(actor.id);
        }
        AssigneeFilter::User { id } => {
            qb.push(" AND s.assignee_id = ").push_bind(id);
        }
    }
    push_deadline(qb, filter.deadline, today);
    match filter.search.as_deref().and_then(SearchTerm::parse) {
        None => {}
        Some(SearchTerm::FiscalCode(cf)) => {
            qb.push(" AND s.fiscal_code = ").push_bind(cf);
        }
        Some(SearchTerm::Protocol(p)) => {
            qb.push(" AND s.protocol_key = ").push_bind(protocol_key(p));
        }
        Some(SearchTerm::Words(words)) => dialect::push_name_search(qb, &words),
    }
}

/// The deadline filters compare the same expression the queue sorts by (rows without a deadline
/// count as 9999-12-31, so they never match), which lets both databases range-scan its index.
fn push_deadline(qb: &mut QueryBuilder<'_, Db>, deadline: DeadlineFilter, today: NaiveDate) {
    if deadline == DeadlineFilter::Any {
        return;
    }
    qb.push(format!(
        " AND s.state IN {OPEN_STATES} AND (s.suspended_until IS NULL OR s.suspended_until <= "
    ))
    .push_bind(today)
    .push(")");
    if deadline == DeadlineFilter::Overdue {
        qb.push(" AND COALESCE(s.deadline, '9999-12-31') < ")
            .push_bind(today);
    } else {
        let until = today
            .checked_add_days(Days::new(EXPIRING_DAYS))
            .unwrap_or(today);
        qb.push(" AND COALESCE(s.deadline, '9999-12-31') >= ")
            .push_bind(today);
        qb.push(" AND COALESCE(s.deadline, '9999-12-31') <= ")
            .push_bind(until);
    }
}

pub(crate) fn protocol_key(p: ProtocolNumber) -> i64 {
    i64::from(p.year) * 100_000_000 + i64::from(p.number)
}

pub(crate) fn protocol_of_key(key: i64) -> ProtocolNumber {
    ProtocolNumber {
        year: (key / 100_000_000) as i32,
        number: (key % 100_000_000) as u32,
    }
}

fn bad_cursor() -> AppError {
    AppError::invalid("La posizione nella coda non è valida: ricaricare la coda.")
}

/// A keyset cursor: the order it belongs to, and the sort value and id of the last row of a page.
fn encode_cursor(sort: SortKey, dir: SortDir, value: &serde_json::Value, id: i64) -> String {
    serde_json::json!([sort, dir, value, id]).to_string()
}

/// Reads a cursor back; one made for another order is refused rather than giving a wrong page.
fn decode_cursor(raw: &str, sort: SortKey, dir: SortDir) -> Result<(serde_json::Value, i64)> {
    type Cursor = (SortKey, SortDir, serde_json::Value, i64);
    let (s, d, value, id): Cursor = serde_json::from_str(raw).map_err(|_| bad_cursor())?;
    // The value's type is checked where it is bound (`push_sort_value`).
    if (s, d) != (sort, dir) {
        return Err(bad_cursor().into());
    }
    Ok((value, id))
}

impl Store {
    pub(crate) fn queue_row(&self, r: &DbRow, today: NaiveDate) -> Result<QueueRow> {
        let service: String = r.try_get("service")?;
        let state: String = r.try_get("state")?;
        let state = State::parse(&state)
            .ok_or_else(|| crate::StoreError::Corrupt(format!("submission state {state:?}")))?;
        let deadline: Option<NaiveDate> = r.try_get("deadline")?;
        let until: Option<NaiveDate> = r.try_get("suspended_until")?;
        let (clock, days_left) = row_status(
            deadline,
            until,
            state.is_final(),
            today,
            EXPIRING_DAYS as u32,
        );
        Ok(QueueRow {
            id: r.try_get("id")?,
            protocol: protocol_of_key(r.try_get("protocol_key")?).to_string(),
            service_name: self
                .catalogue
                .service(&service)
                .map_or_else(|| service.clone(), |s| s.name.clone()),
            service,
            applicant_name: format!(
                "{} {}",
                r.try_get::<String, _>("family_name")?,
                r.try_get::<String, _>("given_name")?
            ),
            fiscal_code: r.try_get("fiscal_code")?,
            state,
            assignee_name: r.try_get("assignee_name")?,
            received_at: r.try_get::<Instant, _>("received_at")?.0,
            deadline,
            days_left,
            clock,
            demo: r.try_get("demo")?,
        })
    }

    /// One page of the queue of `actor`'s department.
    pub async fn queue_page(
        &self,
        scope: &DepartmentScope,
        query: &QueueQuery,
        today: NaiveDate,
    ) -> Result<QueuePage> {
        scope
            .require(Permission::ViewQueue, None)
            .map_err(AppError::from)?;
        let (department, actor) = (scope.department(), scope.actor());
        let expr = sort_expr(query.sort);
        let mut qb = QueryBuilder::new(QUEUE_SELECT);
        push_filter(&mut qb, department, actor, &query.filter, today, true);
        let (cmp, dir) = match query.dir {
            SortDir::Asc => (">", "ASC"),
            SortDir::Desc => ("<", "DESC"),
        };
        if let Some(raw) = &query.after {
            let (value, id) = decode_cursor(raw, query.sort, query.dir)?;
            qb.push(format!(" AND ({expr}, s.id) {cmp} ("));
            push_sort_value(&mut qb, query.sort, value)?;
            qb.push(", ").push_bind(id).push(")");
        }
        let limit = query.limit();
        qb.push(format!(" ORDER BY {expr} {dir}, s.id {dir} LIMIT "))
            .push_bind(i64::from(limit) + 1);
        let rows = qb.build().fetch_all(&self.pool).await?;
        let more = rows.len() > limit as usize;
        let rows = &rows[..rows.len().min(limit as usize)];
        let next = match rows.last() {
            Some(last) if more => {
                let value = self.sort_value(last, query.sort)?;
                Some(encode_cursor(
                    query.sort,
                    query.dir,
                    &value,
                    last.try_get("id")?,
                ))
            }
            _ => None,
        };
        let rows = rows
            .iter()
            .map(|r| self.queue_row(r, today))
            .collect::<Result<_>>()?;
        Ok(QueuePage { rows, next })
    }

    fn sort_value(&self, r: &DbRow, key: SortKey) -> Result<serde_json::Value> {
        Ok(match key {
            SortKey::ReceivedAt => time::instant(r.try_get::<Instant, _>("received_at")?.0).into(),
            SortKey::Deadline => r
                .try_get::<Option<NaiveDate>, _>("deadline")?
                .map_or_else(|| NO_DEADLINE.into(), time::date)
                .into(),
            SortKey::Applicant => r.try_get::<String, _>("sort_name")?.into(),
            SortKey::Protocol => r.try_get::<i64, _>("protocol_key")?.into(),
        })
    }

    /// Counts per state for the filter without its states, and the total matching the whole filter.
    pub async fn queue_counts(
        &self,
        scope: &DepartmentScope,
        filter: &QueueFilter,
        today: NaiveDate,
    ) -> Result<StateCounts> {
        scope
            .require(Permission::ViewQueue, None)
            .map_err(AppError::from)?;
        let (department, actor) = (scope.department(), scope.actor());
        let kept = filter.deadline == DeadlineFilter::Any
            && filter
                .search
                .as_deref()
                .and_then(SearchTerm::parse)
                .is_none();
        let rows = if kept {
            kept_counts(department, actor, filter)
                .build()
                .fetch_all(&self.pool)
                .await?
        } else {
            let mut qb = QueryBuilder::new("SELECT s.state, COUNT(*) AS n FROM submissions s");
            push_filter(&mut qb, department, actor, filter, today, false);
            qb.push(" GROUP BY s.state");
            qb.build().fetch_all(&self.pool).await?
        };
        let mut by_state = Vec::new();
        for r in &rows {
            let state: String = r.try_get("state")?;
            let state = State::parse(&state)
                .ok_or_else(|| crate::StoreError::Corrupt(format!("submission state {state:?}")))?;
            by_state.push(StateCount {
                state,
                count: r.try_get("n")?,
            });
        }
        by_state.sort_by_key(|c| State::ALL.iter().position(|s| *s == c.state));
        let total = by_state
            .iter()
            .filter(|c| filter.states.is_empty() || filter.states.contains(&c.state))
            .map(|c| c.count)
            .sum();
        Ok(StateCounts { total, by_state })
    }
}
