//! From figures to positions on the chart's vertical axis.

/// Maps values between `low` and `high` onto the pixels between `bottom` and `top`
/// (y grows downwards, so `bottom` is the larger number).
pub struct Scale {
    pub low: f64,
    pub high: f64,
    pub top: f32,
    pub bottom: f32,
}

impl Scale {
    pub fn y(&self, value: f64) -> f32 {
        let share = ((value - self.low) / (self.high - self.low)) as f32;
        self.bottom - share * (self.bottom - self.top)
    }

    /// Round values for the axis: steps of 1, 2 or 5 times a power of ten, about
    /// `wanted` of them.
    pub fn ticks(&self, wanted: usize) -> Vec<f64> {
        let span = self.high - self.low;
        if !span.is_finite() || span <= 0.0 || wanted == 0 {
            return vec![];
        }
        let rough = span / wanted as f64;
        let magnitude = 10f64.powf(rough.log10().floor());
        let step = [1.0, 2.0, 5.0, 10.0]
            .into_iter()
            .map(|factor| factor * magnitude)
            .find(|step| *step >= rough)
            .unwrap_or(10.0 * magnitude);
        let first = (self.low / step).ceil() as i64;
        let last = (self.high / step).floor() as i64;
        // Whole multiples of the step, so zero is 0 and not -0.
        (first..=last).map(|k| k as f64 * step).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ticks_are_round_numbers_inside_the_range() {
        let scale = Scale {
            low: -8.3,
            high: 110.0,
            top: 0.0,
            bottom: 100.0,
        };
        assert_eq!(scale.ticks(6), vec![0.0, 20.0, 40.0, 60.0, 80.0, 100.0]);
        assert_eq!(scale.y(-8.3), 100.0);
        assert_eq!(scale.y(110.0), 0.0);
    }
}
