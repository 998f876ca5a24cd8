//! Paths into a JSON document for `[feeds.map]`: dotted keys, `[]` for
//! every element of an array, `[N]` for one.

use serde_json::Value;

/// One step of a path: a key, every element of an array, or one element.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Step {
    Key(String),
    All,
    Index(usize),
}

/// A parsed JSON path: `data.children`, `hits[]`, `tags[].name`, `a[0].b`.
/// `""`, `"."` and `"[]"` address the document itself (`[]`: its elements).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct JsonPath {
    steps: Vec<Step>,
    pub(super) text: String,
}

impl JsonPath {
    /// Parse a path; the error says what is wrong in words.
    pub fn parse(text: &str) -> Result<JsonPath, String> {
        let trimmed = text.trim();
        let mut steps = Vec::new();
        if !(trimmed.is_empty() || trimmed == ".") {
            for part in trimmed.split('.') {
                let (name, mut brackets) = part.split_at(part.find('[').unwrap_or(part.len()));
                if name.is_empty() && (!steps.is_empty() || brackets.is_empty()) {
                    return Err(format!(
                        "`{trimmed}` has an empty part; write keys separated by single dots, e.g. \"data.title\""
                    ));
                }
                if !name.is_empty() {
                    steps.push(Step::Key(name.to_string()));
                }
                while !brackets.is_empty() {
                    let Some(close) = brackets.find(']').filter(|_| brackets.starts_with('['))
                    else {
                        return Err(format!(
                            "`{trimmed}` has an unclosed or stray bracket; use [] for every element or [0] for one"
                        ));
                    };
                    let inner = brackets[1..close].trim();
                    steps.push(if inner.is_empty() {
                        Step::All
                    } else {
                        Step::Index(inner.parse().map_err(|_| {
                            format!("`{trimmed}`: [{inner}] is not an index; use [] or a number like [0]")
                        })?)
                    });
                    brackets = &brackets[close + 1..];
                }
            }
        }
        Ok(JsonPath {
            steps,
            text: trimmed.to_string(),
        })
    }

    /// Every value the path reaches (several after a `[]`), skipping nulls.
    pub(super) fn eval<'a>(&self, root: &'a Value) -> Vec<&'a Value> {
        let mut current = vec![root];
        for step in &self.steps {
            let mut next = Vec::new();
            for v in current {
                match step {
                    Step::Key(k) => next.extend(v.get(k.as_str())),
                    Step::Index(i) => next.extend(v.get(*i)),
                    Step::All => {
                        if let Value::Array(a) = v {
                            next.extend(a.iter());
                        }
                    }
                }
            }
            current = next;
        }
        current.retain(|v| !v.is_null());
        current
    }

    pub(super) fn ends_with_all(&self) -> bool {
        matches!(self.steps.last(), Some(Step::All))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_parse_and_reject() {
        assert!(JsonPath::parse("data.children").is_ok());
        assert!(JsonPath::parse("hits[].tags[0]").is_ok());
        assert!(JsonPath::parse("[]").is_ok());
        assert!(JsonPath::parse("a..b").is_err());
        assert!(JsonPath::parse("a[x]").is_err());
        assert!(JsonPath::parse("a[").is_err());
    }

    #[test]
    fn paths_reach_nested_and_repeated_values() {
        let doc: Value =
            serde_json::from_str(r#"{"a":[{"b":1},{"b":null},{"b":3}],"c":{"d":"x"}}"#).unwrap();
        let p = JsonPath::parse("a[].b").unwrap();
        assert_eq!(p.eval(&doc), [&Value::from(1), &Value::from(3)]);
        assert_eq!(
            JsonPath::parse("a[2].b").unwrap().eval(&doc),
            [&Value::from(3)]
        );
        assert_eq!(
            JsonPath::parse("c.d").unwrap().eval(&doc),
            [&Value::from("x")]
        );
        assert!(JsonPath::parse("c.e").unwrap().eval(&doc).is_empty());
        assert_eq!(JsonPath::parse("").unwrap().eval(&doc), [&doc]);
    }
}
