//! Times SQL statements on a cache with the bundled SQLite (the one keruen
//! uses; a system `sqlite3` may be too old to read the search index):
//! `sql_time DB [--runs N] SQL...`, one line per statement: rows, median
//! and min ms.
use std::time::Instant;

fn main() -> anyhow::Result<()> {
    let mut args = std::env::args().skip(1);
    let db = args
        .next()
        .ok_or_else(|| anyhow::anyhow!("usage: sql_time DB [--runs N] SQL..."))?;
    let mut runs = 5usize;
    let mut sqls = Vec::new();
    while let Some(a) = args.next() {
        if a == "--runs" {
            runs = args.next().unwrap_or_default().parse()?;
        } else {
            sqls.push(a);
        }
    }
    let conn = rusqlite::Connection::open(&db)?;
    for sql in &sqls {
        let mut times = Vec::new();
        let mut rows = 0usize;
        let mut first: Vec<String> = Vec::new();
        for _ in 0..runs {
            let t = Instant::now();
            let mut stmt = conn.prepare(sql)?;
            let n = stmt.column_count();
            let mut q = stmt.query([])?;
            rows = 0;
            first.clear();
            while let Some(r) = q.next()? {
                if rows < 3 {
                    let vals: Vec<String> = (0..n)
                        .map(|i| format!("{:?}", r.get_ref(i).map(|v| v.data_type())))
                        .collect();
                    let _ = vals;
                    first.push(
                        (0..n)
                            .map(|i| match r.get_ref(i) {
                                Ok(rusqlite::types::ValueRef::Integer(x)) => x.to_string(),
                                Ok(rusqlite::types::ValueRef::Real(x)) => format!("{x:.3}"),
                                Ok(rusqlite::types::ValueRef::Text(x)) => {
                                    String::from_utf8_lossy(&x[..x.len().min(40)]).into_owned()
                                }
                                Ok(rusqlite::types::ValueRef::Null) => "NULL".into(),
                                _ => "?".into(),
                            })
                            .collect::<Vec<_>>()
                            .join("|"),
                    );
                }
                rows += 1;
            }
            times.push(t.elapsed().as_secs_f64() * 1000.0);
        }
        times.sort_by(f64::total_cmp);
        println!(
            "{:.2} ms median, {:.2} min, {rows} rows {:?} :: {}",
            times[times.len() / 2],
            times[0],
            first,
            sql.split_whitespace().collect::<Vec<_>>().join(" ")
        );
    }
    Ok(())
}
