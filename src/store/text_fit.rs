//! How a text block's row lies in SQLite's pages, so the packer can
//! choose how many members a block takes so that its row wastes little
//! room (docs/performance.md, "Block ends and links").
//!
//! A row larger than a page keeps a first part in a leaf page of its
//! table and the rest in a chain of overflow pages. SQLite's file format
//! ("B-tree pages") fixes the split: for a table leaf of usable size U,
//! with X = U − 35, M = (U − 12)·32/255 − 23 and K = M + (P − M) mod
//! (U − 4), a record of P bytes keeps P in the leaf if P ≤ X, else K if
//! K ≤ X, else M. So either the overflow pages are all full and the leaf
//! holds a part of up to X bytes, or the leaf holds M bytes and the last
//! overflow page is partly empty. Leaf pages are filled in id order: a
//! page whose next part does not fit keeps the room that is left. With
//! parts of random size up to ~4 KB that was a quarter of the leaf pages
//! (40 MB of the 1M cache's `text_blocks`).
//!
//! The cost of a row is estimated as the empty part of its last overflow
//! page plus its expected share of its leaf page's empty room: a cell of c
//! bytes among cells of random sizes leaves on average about c²/2C of a
//! page of C bytes (the room left when a page fills is about half the next
//! cell, and a cell of c is the next one with a probability ∝ c).

/// A table's pages, by their usable size.
#[derive(Debug, Clone, Copy)]
pub(super) struct Pages {
    usable: usize,
}

fn varint_len(v: u64) -> usize {
    // SQLite's varints: 7 bits a byte for the first eight bytes.
    (1..9).find(|&n| v < 1u64 << (7 * n)).unwrap_or(9)
}

impl Pages {
    /// Pages of `page_size` bytes (no reserved bytes: SQLite reserves
    /// none unless an extension asks, and this cache uses none).
    pub(super) fn new(page_size: usize) -> Pages {
        Pages {
            usable: page_size.max(512),
        }
    }

    /// The record of a `text_blocks` row holding a `frame`-byte block of
    /// `members`: a header (its size; the id, stored as NULL since it is
    /// the rowid; the two counts; the blob's type; feed and date) and the
    /// values (the two counts, of one byte each up to 127 and two beyond,
    /// the frame, the feed id, taken as two bytes, and the date, four).
    fn record(frame: usize, members: usize) -> usize {
        let blob_type = varint_len(2 * frame as u64 + 12);
        let count = if members < 128 { 1 } else { 2 };
        1 + 1 + 1 + 1 + blob_type + 1 + 1 + 2 * count + frame + 2 + 4
    }

    /// The bytes a row of a `frame`-byte block of `members` is expected
    /// to leave empty in its pages (see the module docs).
    pub(super) fn waste(&self, frame: usize, members: usize) -> usize {
        let u = self.usable;
        let max_local = u - 35;
        let min_local = (u - 12) * 32 / 255 - 23;
        let p = Self::record(frame, members);
        // The leaf cell: its payload's size and rowid as varints (a rowid
        // of up to three bytes), the part kept, the overflow pointer, and
        // the cell's two-byte pointer in the page's header.
        let (local, overflow_waste) = if p <= max_local {
            (p, 0)
        } else {
            let k = min_local + (p - min_local) % (u - 4);
            if k <= max_local {
                (k + 4, 0)
            } else {
                let last = (p - min_local) % (u - 4);
                (min_local + 4, (u - 4) - last)
            }
        };
        let cell = local + varint_len(p as u64) + 3 + 2;
        let leaf = u - 8;
        overflow_waste + cell * cell / (2 * leaf)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_filling_their_overflow_pages_waste_least() {
        let pages = Pages::new(4096);
        // 489 bytes kept in the leaf and three full overflow pages: the
        // smallest cell there is.
        let exact = 489 + 3 * 4092 - Pages::record(0, 16);
        let small = pages.waste(exact, 16);
        assert!(small < 40, "{small}");
        // 3,000 bytes more: a leaf part of ~3.5 KB, most of a page.
        let big = pages.waste(exact + 3000, 16);
        assert!(big > 1000, "{big}");
        // Past the largest leaf part the leaf keeps 489 bytes again and
        // the last overflow page is the one partly empty.
        let wrapped = pages.waste(exact + 3800, 16);
        assert!((250..400).contains(&wrapped), "{wrapped}");
        // A row that fits a page wastes by its size.
        assert!(pages.waste(500, 16) < pages.waste(2000, 16));
    }

    #[test]
    fn varints_are_sqlites() {
        assert_eq!(varint_len(0), 1);
        assert_eq!(varint_len(127), 1);
        assert_eq!(varint_len(128), 2);
        assert_eq!(varint_len(16_383), 2);
        assert_eq!(varint_len(16_384), 3);
    }
}
