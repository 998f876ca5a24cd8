//! CPU time of the calling thread, for the examples that measure: on a
//! shared machine the wall clock counts the time other processes held the
//! cores (at a load of 16 on 2 cores, 8x the work); the CPU time is the
//! work done, so the examples print both. Included by each example with
//! `#[path = "support/cpu.rs"] mod cpu;` (not an example of its own).
#![allow(dead_code)]

use std::time::Duration;

/// CPU time this thread has used; zero if the clock cannot be read.
pub fn thread_cpu() -> Duration {
    let mut t = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: clock_gettime writes the timespec it is given; the clock id
    // is a constant every Linux has.
    let rc = unsafe { libc::clock_gettime(libc::CLOCK_THREAD_CPUTIME_ID, &mut t) };
    if rc != 0 {
        return Duration::ZERO;
    }
    Duration::new(
        u64::try_from(t.tv_sec).unwrap_or(0),
        u32::try_from(t.tv_nsec).unwrap_or(0),
    )
}

/// `thread_cpu` in milliseconds.
pub fn thread_cpu_ms() -> f64 {
    thread_cpu().as_secs_f64() * 1000.0
}
