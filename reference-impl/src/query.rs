//! Appwrite queries: the JSON wire format (`{"method","attribute","values"}`, one per
//! `queries[]` entry), validation against a list route's schema, and translation into a
//! SQLite WHERE / ORDER / LIMIT plus cursor pagination. Every list route reuses this:
//! declare a [`Schema`] (API key → column, type), call [`parse_param`] on the `queries`
//! param, then [`list`] with the table and a row mapper.

use rusqlite::types::Value as Sql;
use rusqlite::{params_from_iter, Connection, Row};
use serde_json::Value;

use crate::catalogue;
use crate::error::{ApiError, ApiResult};

/// `APP_LIMIT_LIST_DEFAULT`.
pub const DEFAULT_LIMIT: u64 = 25;
/// `APP_LIMIT_ARRAY_ELEMENT_SIZE`: the longest accepted query string.
pub const MAX_QUERY_LENGTH: usize = 4096;
/// `APP_DATABASE_QUERY_MAX_VALUES`.
pub const MAX_VALUES: usize = 500;
/// The SQL an `orderRandom` query orders by.
const RANDOM_ORDER: &str = "RANDOM()";

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    String,
    Integer,
    Float,
    Boolean,
    Datetime,
    /// A geometry column, queried with spatial predicates (`query_spatial`).
    Spatial(crate::query_spatial::Shape),
}

/// One queryable attribute: its API name, the SQL column holding it, its type.
#[derive(Clone, Debug)]
pub struct Attr {
    pub key: String,
    pub column: String,
    pub kind: Kind,
    /// Array attributes are stored as a JSON array in a TEXT column.
    pub array: bool,
    /// How `search`/`notSearch` run on this attribute.
    pub search: Search,
    /// Encrypted attributes cannot be queried.
    pub encrypted: bool,
}

/// Where `search` looks. `Queries\Base` lists match substrings; documents need a fulltext
/// index (an FTS5 table) and refuse `search` without one, as Appwrite does.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Search {
    Like,
    /// The FTS5 table and its column holding this attribute.
    Fts {
        table: String,
        column: String,
    },
    Unindexed,
}

impl Attr {
    pub fn new(key: &str, column: &str, kind: Kind) -> Attr {
        Attr { key: key.into(), column: column.into(), kind, array: false, search: Search::Like, encrypted: false }
    }

    pub fn array(key: &str, column: &str, kind: Kind) -> Attr {
        Attr { key: key.into(), column: column.into(), kind, array: true, search: Search::Like, encrypted: false }
    }
}

/// The attributes a list route may filter and order on.
#[derive(Clone, Debug)]
pub struct Schema {
    pub attrs: Vec<Attr>,
}

impl Schema {
    /// `attrs` plus the internal attributes every Appwrite list accepts: `$id`,
    /// `$createdAt`, `$updatedAt`, `$sequence` (columns id, created_at, updated_at, seq).
    pub fn with_internal(mut attrs: Vec<Attr>) -> Schema {
        attrs.push(Attr::new("$id", "id", Kind::String));
        attrs.push(Attr::new("$createdAt", "created_at", Kind::Datetime));
        attrs.push(Attr::new("$updatedAt", "updated_at", Kind::Datetime));
        attrs.push(Attr::new("$sequence", "seq", Kind::Integer));
        Schema { attrs }
    }

    fn find(&self, key: &str) -> Result<&Attr, String> {
        self.attrs.iter().find(|a| a.key == key).ok_or_else(|| format!("Invalid query: Attribute not found in schema: {key}"))
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CursorDirection {
    After,
    Before,
}

/// A validated list request, ready for [`list`].
#[derive(Clone, Debug)]
pub struct Plan {
    where_sql: Vec<String>,
    args: Vec<Sql>,
    order: Vec<(String, bool)>,
    pub limit: u64,
    pub offset: u64,
    pub cursor: Option<(CursorDirection, String)>,
    /// Attribute keys of `select` queries (only when the route allows select).
    pub selects: Vec<String>,
}

/// Whether a route accepts `select` (documents do, the `Queries\Base` routes do not).
#[derive(Clone, Copy, Debug, Default)]
pub struct Options {
    pub allow_select: bool,
}

/// Parses and validates the `queries` param of a `Queries\Base` list route. Failures are
/// 400 `general_argument_invalid` with ``Invalid `queries` param: …`` like Appwrite.
pub fn parse_param(raw: &[String], schema: &Schema, options: Options) -> ApiResult<Plan> {
    plan(raw, schema, options).map_err(|message| ApiError::argument(format!("Invalid `queries` param: {message}")))
}

/// Parses and validates raw query strings; the error is the validator's message
/// (callers wrap it as `general_argument_invalid` or `general_query_invalid`).
pub fn plan(raw: &[String], schema: &Schema, options: Options) -> Result<Plan, String> {
    let mut plan = Plan {
        where_sql: Vec::new(),
        args: Vec::new(),
        order: Vec::new(),
        limit: DEFAULT_LIMIT,
        offset: 0,
        cursor: None,
        selects: Vec::new(),
    };
    for text in raw {
        if text.chars().count() > MAX_QUERY_LENGTH {
            return Err(format!("Invalid query: Query must be at most {MAX_QUERY_LENGTH} characters"));
        }
        let value: Value = serde_json::from_str(text).map_err(|_| "Invalid query: Syntax error".to_string())?;
        apply(&mut plan, &value, schema, options)?;
    }
    Ok(plan)
}

struct Parsed<'a> {
    method: &'a str,
    attribute: &'a str,
    values: &'a [Value],
}

fn parse_one(value: &Value) -> Result<Parsed<'_>, String> {
    let obj = value.as_object().ok_or("Invalid query: Syntax error")?;
    let method = obj.get("method").and_then(Value::as_str).ok_or("Invalid query: Query method is required")?;
    let attribute = match obj.get("attribute") {
        None | Some(Value::Null) => "",
        Some(Value::String(s)) => s.as_str(),
        Some(_) => return Err("Invalid query: Query attribute must be a string".into()),
    };
    let values = match obj.get("values") {
        None | Some(Value::Null) => &[][..],
        Some(Value::Array(items)) => items.as_slice(),
        Some(_) => return Err("Invalid query: Query values must be an array".into()),
    };
    Ok(Parsed { method, attribute, values })
}

fn apply(plan: &mut Plan, value: &Value, schema: &Schema, options: Options) -> Result<(), String> {
    let q = parse_one(value)?;
    match q.method {
        "limit" => {
            let n = q.values.first().and_then(Value::as_i64).filter(|n| *n >= 1);
            plan.limit = n.ok_or("Invalid limit: Value must be a valid range between 1 and 9,223,372,036,854,775,807")? as u64;
        }
        "offset" => {
            let n = q.values.first().and_then(Value::as_i64).filter(|n| *n >= 0);
            plan.offset = n.ok_or("Invalid offset: Value must be a valid range between 0 and 9,223,372,036,854,775,807")? as u64;
        }
        "cursorAfter" | "cursorBefore" => {
            let id = q.values.first().and_then(Value::as_str).filter(|id| crate::ids::is_valid(id));
            let id = id.ok_or("Invalid cursor: Cursor must contain at most 36 chars. Valid chars are a-z, A-Z, 0-9, and underscore. Can't start with a leading underscore")?;
            let direction = if q.method == "cursorAfter" { CursorDirection::After } else { CursorDirection::Before };
            plan.cursor = Some((direction, id.to_string()));
        }
        "orderAsc" | "orderDesc" => {
            let attr = schema.find(q.attribute)?;
            plan.order.push((attr.column.clone(), q.method == "orderAsc"));
        }
        // Names no attribute; utopia-php/database's SQL adapters order by a random value.
        "orderRandom" => plan.order.push((RANDOM_ORDER.to_string(), true)),
        "select" if options.allow_select => {
            for v in q.values {
                let key = v.as_str().ok_or("Invalid query: Select queries requires an array of strings")?;
                plan.selects.push(key.to_string());
            }
        }
        _ => {
            let (sql, args) = filter(value, schema)?;
            plan.where_sql.push(sql);
            plan.args.extend(args);
        }
    }
    Ok(())
}

/// Builds the SQL condition of one filter (including nested `and`/`or`).
fn filter(value: &Value, schema: &Schema) -> Result<(String, Vec<Sql>), String> {
    let q = parse_one(value)?;
    if q.method == "and" || q.method == "or" {
        if q.values.len() < 2 {
            return Err(format!("Invalid query: {} queries require at least two queries", q.method));
        }
        let mut parts = Vec::new();
        let mut args = Vec::new();
        for nested in q.values {
            let (sql, a) = filter(nested, schema).map_err(|e| {
                if e.starts_with("Invalid query method") {
                    format!("Invalid query method in nested {} query", q.method.to_uppercase())
                } else {
                    e
                }
            })?;
            parts.push(format!("({sql})"));
            args.extend(a);
        }
        let joiner = if q.method == "and" { " AND " } else { " OR " };
        return Ok((parts.join(joiner), args));
    }
    let needs_values = !matches!(q.method, "isNull" | "isNotNull");
    let known = matches!(
        q.method,
        "equal"
            | "notEqual"
            | "lessThan"
            | "lessThanEqual"
            | "greaterThan"
            | "greaterThanEqual"
            | "contains"
            | "containsAny"
            | "containsAll"
            | "notContains"
            | "search"
            | "notSearch"
            | "isNull"
            | "isNotNull"
            | "between"
            | "notBetween"
            | "startsWith"
            | "notStartsWith"
            | "endsWith"
            | "notEndsWith"
    ) || crate::query_spatial::is_spatial_method(q.method);
    if !known {
        return Err(format!("Invalid query method: {}", q.method));
    }
    let attr = schema.find(q.attribute)?;
    if attr.encrypted {
        return Err(format!("Invalid query: Cannot query encrypted attribute: {}", attr.key));
    }
    if let Kind::Spatial(shape) = attr.kind {
        return crate::query_spatial::filter(q.method, q.values, attr, shape);
    }
    if crate::query_spatial::is_spatial_method(q.method) {
        return Err(format!("Invalid query: Spatial query \"{}\" cannot be applied on non-spatial attribute: {}", q.method, attr.key));
    }
    if needs_values && q.values.is_empty() {
        return Err(format!("Invalid query: {} queries require at least one value.", q.method));
    }
    if q.values.len() > MAX_VALUES {
        return Err(format!("Invalid query: Query on attribute has greater than {MAX_VALUES} values: {}", attr.key));
    }
    let col = &attr.column;
    let is_contains = matches!(q.method, "contains" | "containsAny" | "containsAll" | "notContains");
    if attr.array && !is_contains && needs_values {
        return Err(format!("Invalid query: Cannot query {} on attribute \"{}\" because it is an array.", q.method, attr.key));
    }
    let text_only = matches!(q.method, "search" | "notSearch" | "startsWith" | "notStartsWith" | "endsWith" | "notEndsWith");
    if (text_only || (is_contains && !attr.array)) && attr.kind != Kind::String {
        return Err(format!("Invalid query: Cannot query {} on attribute \"{}\"", q.method, attr.key));
    }
    let args: Vec<Sql> = q
        .values
        .iter()
        .map(|v| to_sql(v, attr.kind).ok_or_else(|| format!("Invalid query: Query value is invalid for attribute \"{}\"", attr.key)))
        .collect::<Result<_, _>>()?;
    let placeholders = vec!["?"; args.len()].join(", ");
    let like = |args: Vec<Sql>, pattern: &dyn Fn(&str) -> String, negate: bool| -> Result<(String, Vec<Sql>), String> {
        let mut parts = Vec::new();
        let mut out = Vec::new();
        for a in args {
            let Sql::Text(s) = a else { return Err(format!("Invalid query: Query value is invalid for attribute \"{}\"", attr.key)) };
            parts.push(format!("{col} LIKE ? ESCAPE '\\'"));
            out.push(Sql::Text(pattern(&escape_like(&s))));
        }
        let any = parts.join(" OR ");
        Ok((if negate { format!("NOT ({any}) OR {col} IS NULL") } else { any }, out))
    };
    Ok(match q.method {
        "equal" => (format!("{col} IN ({placeholders})"), args),
        "notEqual" => (format!("({col} NOT IN ({placeholders}) OR {col} IS NULL)"), args),
        "lessThan" | "lessThanEqual" | "greaterThan" | "greaterThanEqual" => {
            let op = match q.method {
                "lessThan" => "<",
                "lessThanEqual" => "<=",
                "greaterThan" => ">",
                _ => ">=",
            };
            (format!("{col} {op} ?"), args.into_iter().take(1).collect())
        }
        "between" | "notBetween" => {
            if args.len() != 2 {
                return Err(format!("Invalid query: {} queries require exactly two values.", q.method));
            }
            let not = if q.method == "notBetween" { "NOT " } else { "" };
            (format!("{col} {not}BETWEEN ? AND ?"), args)
        }
        "isNull" => (format!("{col} IS NULL"), Vec::new()),
        "isNotNull" => (format!("{col} IS NOT NULL"), Vec::new()),
        "containsAll" if attr.array => {
            let each = vec![format!("EXISTS (SELECT 1 FROM json_each({col}) WHERE json_each.value = ?)"); args.len()];
            (each.join(" AND "), args)
        }
        "contains" | "containsAny" | "notContains" if attr.array => {
            let any = format!("EXISTS (SELECT 1 FROM json_each({col}) WHERE json_each.value IN ({placeholders}))");
            (if q.method == "notContains" { format!("NOT {any}") } else { any }, args)
        }
        "containsAll" => {
            let (any, out) = like(args, &|s| format!("%{s}%"), false)?;
            (any.replace(" OR ", " AND "), out)
        }
        "search" | "notSearch" if attr.search != Search::Like => {
            let Search::Fts { table, column } = &attr.search else {
                return Err(format!("Invalid query: Searching by attribute \"{}\" requires a fulltext index.", attr.key));
            };
            let Some(Sql::Text(term)) = args.first() else {
                return Err(format!("Invalid query: Query value is invalid for attribute \"{}\"", attr.key));
            };
            let negate = q.method == "notSearch";
            match fts_query(column, term) {
                // A term with no words matches nothing.
                None => ((if negate { "1" } else { "0" }).to_string(), Vec::new()),
                Some(fts) => {
                    let any = format!("seq IN (SELECT rowid FROM {table} WHERE {table} MATCH ?)");
                    (if negate { format!("NOT ({any})") } else { any }, vec![Sql::Text(fts)])
                }
            }
        }
        "contains" | "containsAny" | "search" => like(args, &|s| format!("%{s}%"), false)?,
        "notContains" | "notSearch" => like(args, &|s| format!("%{s}%"), true)?,
        "startsWith" => like(args, &|s| format!("{s}%"), false)?,
        "notStartsWith" => like(args, &|s| format!("{s}%"), true)?,
        "endsWith" => like(args, &|s| format!("%{s}"), false)?,
        _ => like(args, &|s| format!("%{s}"), true)?,
    })
}

/// An FTS5 query for a search term the way Appwrite's MariaDB adapter reads one in boolean
/// mode: any of the words, the last one as a prefix; limited to the attribute's column.
fn fts_query(column: &str, term: &str) -> Option<String> {
    let words: Vec<String> = term.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).map(|w| format!("\"{w}\"")).collect();
    if words.is_empty() {
        return None;
    }
    let last = words.len() - 1;
    let terms: Vec<String> = words.iter().enumerate().map(|(i, w)| if i == last { format!("{w}*") } else { w.clone() }).collect();
    Some(format!("{column} : ({})", terms.join(" OR ")))
}

fn escape_like(s: &str) -> String {
    s.replace('\\', "\\\\").replace('%', "\\%").replace('_', "\\_")
}

/// Converts a JSON query value to the column's storage form; `None` when the type is wrong.
fn to_sql(value: &Value, kind: Kind) -> Option<Sql> {
    match (kind, value) {
        (Kind::String, Value::String(s)) => Some(Sql::Text(s.clone())),
        (Kind::Integer, Value::Number(n)) => n.as_i64().map(Sql::Integer),
        (Kind::Float, Value::Number(n)) => n.as_f64().map(Sql::Real),
        (Kind::Boolean, Value::Bool(b)) => Some(Sql::Integer(i64::from(*b))),
        // Dates compare as stored strings, so normalise whatever ISO form the client sent.
        (Kind::Datetime, Value::String(s)) => crate::time::parse(s).map(|t| Sql::Text(crate::time::format(t))),
        _ => None,
    }
}

/// Extra conditions a route adds itself (e.g. `user_id = ?`, or the `search` param).
#[derive(Clone, Debug, Default)]
pub struct Scope {
    pub sql: Vec<String>,
    pub args: Vec<Sql>,
}

impl Scope {
    pub fn and(mut self, sql: impl Into<String>, args: impl IntoIterator<Item = Sql>) -> Scope {
        self.sql.push(sql.into());
        self.args.extend(args);
        self
    }
}

/// A `search` param as a LIKE scope over the given columns.
pub fn search_scope(scope: Scope, term: Option<String>, columns: &[&str]) -> Scope {
    let Some(term) = term.filter(|t| !t.trim().is_empty()) else { return scope };
    let pattern = format!("%{}%", term.replace('\\', "\\\\").replace('%', "\\%").replace('_', "\\_"));
    let sql: Vec<String> = columns.iter().map(|c| format!("{c} LIKE ? ESCAPE '\\'")).collect();
    scope.and(sql.join(" OR "), columns.iter().map(|_| Sql::Text(pattern.clone())))
}

/// The statements a list runs: the page, and the count behind `total` (which ignores limit,
/// offset and cursor).
#[derive(Clone, Debug)]
pub struct ListSql {
    pub page: String,
    pub page_args: Vec<Sql>,
    pub count: String,
    pub count_args: Vec<Sql>,
}

/// Builds the statements for `plan` over `table` (which must have `id` and `seq` columns);
/// `cursor_seq` is the `seq` of the cursor row, which the caller has looked up.
pub fn list_sql(table: &str, columns: &str, plan: &Plan, scope: &Scope, cursor_seq: Option<i64>) -> ListSql {
    let mut conditions: Vec<String> = scope.sql.iter().chain(&plan.where_sql).map(|c| format!("({c})")).collect();
    let mut args: Vec<Sql> = scope.args.iter().chain(&plan.args).cloned().collect();
    let filter_sql = if conditions.is_empty() { "1".to_string() } else { conditions.join(" AND ") };
    let count_args = args.clone();

    // Tie-break on the sequence so pages are stable and cursors well defined.
    let mut order = plan.order.clone();
    order.push(("seq".to_string(), true));
    if matches!(plan.cursor, Some((CursorDirection::Before, _))) {
        order.iter_mut().for_each(|(_, asc)| *asc = !*asc);
    }
    if let Some(cursor_seq) = cursor_seq {
        // (a > ca) OR (a = ca AND b > cb) OR ...: lexicographic "comes after the cursor row".
        let value_of = |col: &str| format!("(SELECT {col} FROM {table} WHERE seq = {cursor_seq})");
        let mut alternatives = Vec::new();
        // A random order says nothing about what comes after the cursor: it is left out.
        let order: Vec<_> = order.iter().filter(|(c, _)| c != RANDOM_ORDER).cloned().collect();
        for i in 0..order.len() {
            let mut parts: Vec<String> = order[..i].iter().map(|(c, _)| format!("{c} = {}", value_of(c))).collect();
            let (col, asc) = &order[i];
            parts.push(format!("{col} {} {}", if *asc { ">" } else { "<" }, value_of(col)));
            alternatives.push(format!("({})", parts.join(" AND ")));
        }
        conditions.push(format!("({})", alternatives.join(" OR ")));
    }
    let where_sql = if conditions.is_empty() { "1".to_string() } else { conditions.join(" AND ") };
    let order_sql: Vec<String> = order.iter().map(|(c, asc)| format!("{c} {}", if *asc { "ASC" } else { "DESC" })).collect();
    args.push(Sql::Integer(i64::try_from(plan.limit).unwrap_or(i64::MAX)));
    args.push(Sql::Integer(i64::try_from(plan.offset).unwrap_or(i64::MAX)));
    ListSql {
        page: format!("SELECT {columns} FROM {table} WHERE {where_sql} ORDER BY {} LIMIT ? OFFSET ?", order_sql.join(", ")),
        page_args: args,
        count: format!("SELECT COUNT(*) FROM {table} WHERE {filter_sql}"),
        count_args,
    }
}

/// Runs `plan` against `table` (which must have `id` and `seq` columns) and returns the page
/// and, when `count` is set, the total matching rows ignoring limit, offset and cursor.
/// `columns` is the SELECT list `map` reads. A cursor naming no row is
/// `general_cursor_not_found` ("`noun` 'id' for the 'cursor' value not found.").
#[allow(clippy::too_many_arguments)]
pub fn list<T>(
    conn: &Connection,
    table: &str,
    noun: &str,
    columns: &str,
    plan: &Plan,
    scope: &Scope,
    count: bool,
    map: impl Fn(&Row<'_>) -> rusqlite::Result<T>,
) -> ApiResult<(Vec<T>, u64)> {
    let cursor_seq = match &plan.cursor {
        None => None,
        Some((_, id)) => {
            let found: Option<i64> = conn
                .query_row(&format!("SELECT seq FROM {table} WHERE id = ?"), [id], |r| r.get(0))
                .map(Some)
                .or_else(|e| if e == rusqlite::Error::QueryReturnedNoRows { Ok(None) } else { Err(e) })?;
            if found.is_none() {
                return Err(ApiError::with_message(
                    catalogue::GENERAL_CURSOR_NOT_FOUND,
                    format!("{noun} '{id}' for the 'cursor' value not found."),
                ));
            }
            found
        }
    };
    let sql = list_sql(table, columns, plan, scope, cursor_seq);
    // Cached: a list route runs the same statement text over and over with new arguments
    // (the cursor's `seq` is inlined, so paging through makes new texts; the cache is an LRU).
    let mut stmt = conn.prepare_cached(&sql.page)?;
    let mut items = stmt.query_map(params_from_iter(sql.page_args.iter()), |row| map(row))?.collect::<rusqlite::Result<Vec<T>>>()?;
    if matches!(plan.cursor, Some((CursorDirection::Before, _))) {
        items.reverse();
    }
    let total = if count {
        let n: i64 = conn.prepare_cached(&sql.count)?.query_row(params_from_iter(sql.count_args.iter()), |r| r.get(0))?;
        n.max(0) as u64
    } else {
        0
    };
    Ok((items, total))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn schema() -> Schema {
        Schema::with_internal(vec![
            Attr::new("name", "name", Kind::String),
            Attr::new("status", "status", Kind::Boolean),
            Attr::array("labels", "labels", Kind::String),
        ])
    }

    fn db() -> Connection {
        let conn = Connection::open_in_memory().unwrap_or_else(|e| panic!("sqlite: {e}"));
        conn.execute_batch(
            "CREATE TABLE t (seq INTEGER PRIMARY KEY, id TEXT, created_at TEXT, updated_at TEXT, name TEXT, status INTEGER, labels TEXT);
             INSERT INTO t VALUES (1,'a','','','alpha',1,'[\"vip\"]'),(2,'b','','','beta',0,'[]'),(3,'c','','','gamma',1,'[]'),(4,'d','','','delta',1,'[\"vip\"]');",
        ).unwrap_or_else(|e| panic!("sqlite: {e}"));
        conn
    }

    fn ids(raw: &[&str]) -> Result<(Vec<String>, u64), String> {
        let raw: Vec<String> = raw.iter().map(|s| s.to_string()).collect();
        let plan = plan(&raw, &schema(), Options::default())?;
        list(&db(), "t", "Document", "id", &plan, &Scope::default(), true, |r| r.get(0)).map_err(|e| e.message)
    }

    #[test]
    fn filters_limits_and_cursors() {
        assert_eq!(ids(&[r#"{"method":"equal","attribute":"status","values":[true]}"#]), Ok((vec!["a".into(), "c".into(), "d".into()], 3)));
        assert_eq!(
            ids(&[r#"{"method":"limit","values":[2]}"#, r#"{"method":"cursorAfter","values":["b"]}"#]),
            Ok((vec!["c".into(), "d".into()], 4))
        );
        assert_eq!(ids(&[r#"{"method":"cursorBefore","values":["c"]}"#, r#"{"method":"limit","values":[1]}"#]), Ok((vec!["b".into()], 4)));
        assert_eq!(
            ids(&[r#"{"method":"orderDesc","attribute":"name"}"#, r#"{"method":"offset","values":[1]}"#]).map(|r| r.0),
            Ok(vec!["d".into(), "b".into(), "a".into()])
        );
        assert_eq!(ids(&[r#"{"method":"contains","attribute":"labels","values":["vip"]}"#]).map(|r| r.1), Ok(2));
        assert_eq!(ids(&[r#"{"method":"or","values":[{"method":"equal","attribute":"name","values":["beta"]},{"method":"startsWith","attribute":"name","values":["gam"]}]}"#]).map(|r| r.0),
            Ok(vec!["b".into(), "c".into()]));
    }

    #[test]
    fn rejects_bad_queries_with_validator_messages() {
        assert_eq!(ids(&["not json"]).err().as_deref(), Some("Invalid query: Syntax error"));
        assert_eq!(
            ids(&[r#"{"method":"equal","attribute":"secret","values":["x"]}"#]).err().as_deref(),
            Some("Invalid query: Attribute not found in schema: secret")
        );
        assert!(ids(&[r#"{"method":"equal","attribute":"status","values":["yes"]}"#]).is_err());
        assert!(ids(&[r#"{"method":"limit","values":[0]}"#]).is_err());
        assert!(ids(&[r#"{"method":"select","values":["name"]}"#]).is_err());
        assert_eq!(
            ids(&[r#"{"method":"cursorAfter","values":["zzz"]}"#]).err().as_deref(),
            Some("Document 'zzz' for the 'cursor' value not found.")
        );
    }
}
