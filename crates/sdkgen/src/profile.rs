//! Where one run of the pipeline spends its time, phase by phase (for `sdkgen-bench`). Recording
//! a phase is one clock read; nothing here changes what is generated.

use std::time::{Duration, Instant};

/// One phase of a run: what it did and how long it took (wall clock).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Phase {
    /// What the phase did.
    pub name: &'static str,
    /// How long it took.
    pub time: Duration,
    /// True for a part of an enclosing phase (work of a thread that ran alongside others, or a
    /// sum over workers): it is not added again to the run's total.
    pub part: bool,
}

/// The phases of one run, in the order they ended.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Profile {
    /// The phases.
    pub phases: Vec<Phase>,
}

impl Profile {
    /// Records a phase that ran from `since` until now, and returns now (the next phase's start).
    pub fn lap(&mut self, name: &'static str, since: Instant) -> Instant {
        let now = Instant::now();
        self.phases.push(Phase { name, time: now - since, part: false });
        now
    }

    /// Records a part of an enclosing phase, measured by whoever did it.
    pub fn part(&mut self, name: &'static str, time: Duration) {
        self.phases.push(Phase { name, time, part: true });
    }

    /// The sum of the phases that are not parts of others.
    pub fn total(&self) -> Duration {
        self.phases.iter().filter(|p| !p.part).map(|p| p.time).sum()
    }
}
