//! How pages write times and waits. A leaf: it imports nothing else from the crate.

/// A date and time as pages show them, in UTC: `24 Nov 2026 05:01`.
pub fn display_time(at: chrono::DateTime<chrono::Utc>) -> String {
    at.format("%-d %b %Y %H:%M").to_string()
}

/// "Wait 10 minutes, then try again", rounding up to whole minutes.
pub fn wait_message(wait: std::time::Duration) -> String {
    let minutes = wait.as_secs().div_ceil(60).max(1);
    let unit = if minutes == 1 { "minute" } else { "minutes" };
    format!("Wait {minutes} {unit}, then try again")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn waits_are_rounded_up_to_whole_minutes() {
        use std::time::Duration;
        assert_eq!(
            wait_message(Duration::from_secs(1)),
            "Wait 1 minute, then try again"
        );
        assert_eq!(
            wait_message(Duration::from_secs(61)),
            "Wait 2 minutes, then try again"
        );
        assert_eq!(
            wait_message(Duration::from_secs(600)),
            "Wait 10 minutes, then try again"
        );
    }

    #[test]
    fn times_show_day_month_year_and_minutes() {
        let at = chrono::DateTime::from_timestamp(1_795_496_497, 0).unwrap_or_default();
        assert_eq!(display_time(at), "24 Nov 2026 05:01");
    }
}
