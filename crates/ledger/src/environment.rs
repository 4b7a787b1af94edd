//! What the environment says to the stores' clients: libpq's `PG*`
//! variables and the AWS SDKs' `AWS_*` ones, with `USER`, `LOGNAME` and
//! `HOME`. Read once into a map, so that URL parsing is testable without
//! touching the process's environment.

/// The variables the team stores read, by name.
#[derive(Clone, Debug, Default)]
pub struct Environment {
    /// `PG*`, `AWS_*`, `USER`, `LOGNAME` and `HOME`, by name.
    pub vars: std::collections::BTreeMap<String, String>,
}

impl Environment {
    /// This process's.
    pub fn from_process() -> Environment {
        let vars = std::env::vars()
            .filter(|(name, _)| {
                name.starts_with("PG")
                    || name.starts_with("AWS_")
                    || ["USER", "LOGNAME", "HOME"].contains(&name.as_str())
            })
            .collect();
        Environment { vars }
    }

    /// These variables, for tests.
    #[cfg(test)]
    pub(crate) fn of(pairs: &[(&str, &str)]) -> Environment {
        Environment { vars: pairs.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect() }
    }

    /// A variable's value, when set and not empty.
    pub(crate) fn get(&self, name: &str) -> Option<&str> {
        self.vars.get(name).map(String::as_str).filter(|value| !value.is_empty())
    }
}
