//! Prints the terms of each line of stdin with their flags (n number, e
//! name, d month, l Latin): `cargo run --release --example terms_dump`.
use std::io::BufRead;

fn main() {
    let mut s = keruen::rank::text::Stemmer::default();
    for line in std::io::stdin().lock().lines().map_while(Result::ok) {
        let mut out = Vec::new();
        s.for_each(&line, |t| {
            let mut f = String::new();
            for (on, c) in [
                (t.number, 'n'),
                (t.entity, 'e'),
                (t.date, 'd'),
                (t.latin, 'l'),
            ] {
                if on {
                    f.push(c);
                }
            }
            out.push(if f.is_empty() {
                t.key.to_string()
            } else {
                format!("{}/{f}", t.key)
            });
        });
        println!("{}", out.join(" "));
    }
}
