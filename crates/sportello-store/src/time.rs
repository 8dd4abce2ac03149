//! How times and dates are written in the database: sortable text, always UTC for instants.

use chrono::{DateTime, NaiveDate, SecondsFormat, Utc};

use crate::error::{Result, StoreError};

pub fn instant(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Micros, true)
}

pub fn parse_instant(s: &str) -> Result<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(s)
        .map(|t| t.with_timezone(&Utc))
        .map_err(|e| StoreError::Corrupt(format!("bad instant {s:?}: {e}")))
}

pub fn date(d: NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

pub fn parse_date(s: &str) -> Result<NaiveDate> {
    NaiveDate::parse_from_str(s, "%Y-%m-%d")
        .map_err(|e| StoreError::Corrupt(format!("bad date {s:?}: {e}")))
}

/// An instant as each database keeps it: sortable RFC 3339 text in UTC with microseconds on SQLite
/// (the format the embedded files have always held, so text comparisons stay ordered), `timestamptz`
/// on PostgreSQL.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct Instant(pub DateTime<Utc>);

mod instant_sqlx {
    use sqlx::encode::IsNull;
    use sqlx::error::BoxDynError;
    use sqlx::postgres::{PgArgumentBuffer, PgTypeInfo, PgValueRef};
    use sqlx::sqlite::{SqliteArgumentValue, SqliteTypeInfo, SqliteValueRef};
    use sqlx::{Decode, Encode, Postgres, Sqlite, Type};

    use super::{instant, DateTime, Instant, Result, Utc};

    impl Type<Sqlite> for Instant {
        fn type_info() -> SqliteTypeInfo {
            <String as Type<Sqlite>>::type_info()
        }
        fn compatible(ty: &SqliteTypeInfo) -> bool {
            <String as Type<Sqlite>>::compatible(ty)
        }
    }

    impl<'q> Encode<'q, Sqlite> for Instant {
        fn encode_by_ref(
            &self,
            buf: &mut Vec<SqliteArgumentValue<'q>>,
        ) -> Result<IsNull, BoxDynError> {
            Encode::<Sqlite>::encode(instant(self.0), buf)
        }
    }

    impl<'r> Decode<'r, Sqlite> for Instant {
        fn decode(value: SqliteValueRef<'r>) -> Result<Self, BoxDynError> {
            let text = <&str as Decode<Sqlite>>::decode(value)?;
            Ok(Instant(
                DateTime::parse_from_rfc3339(text)?.with_timezone(&Utc),
            ))
        }
    }

    impl Type<Postgres> for Instant {
        fn type_info() -> PgTypeInfo {
            <DateTime<Utc> as Type<Postgres>>::type_info()
        }
    }

    impl Encode<'_, Postgres> for Instant {
        fn encode_by_ref(&self, buf: &mut PgArgumentBuffer) -> Result<IsNull, BoxDynError> {
            Encode::<Postgres>::encode_by_ref(&self.0, buf)
        }
    }

    impl<'r> Decode<'r, Postgres> for Instant {
        fn decode(value: PgValueRef<'r>) -> Result<Self, BoxDynError> {
            Ok(Instant(<DateTime<Utc> as Decode<Postgres>>::decode(value)?))
        }
    }
}
