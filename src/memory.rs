//! Giving freed memory back to the system.
//!
//! glibc keeps what a thread frees in that thread's arena for its next
//! allocations, and grows its mmap threshold past every large block freed,
//! so the big transient vectors of a refresh's parsers or a linking step
//! stay in the process's RSS after they are dropped. Where such work ends
//! and the process goes on (the reader), `release_free` hands those pages
//! back, so the next piece of work starts from what is live.

/// Hand the pages malloc holds free back to the kernel (glibc on Linux;
/// elsewhere nothing).
#[cfg(all(target_os = "linux", target_env = "gnu"))]
pub fn release_free() {
    // SAFETY: malloc_trim only returns free pages of glibc's heaps to the
    // kernel; it takes the arenas' locks itself and touches no live block.
    unsafe {
        libc::malloc_trim(0);
    }
}

/// Hand the pages malloc holds free back to the kernel (glibc on Linux;
/// elsewhere nothing).
#[cfg(not(all(target_os = "linux", target_env = "gnu")))]
pub fn release_free() {}
