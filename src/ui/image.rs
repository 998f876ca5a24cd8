//! The picture block above the reader's text: a caption line (which
//! picture, its alt text, or why it failed) and the picture itself.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::Span;
use ratatui::widgets::Widget;
use ratatui_image::Image;

use crate::app::images::{self, ImageStatus};
use crate::app::state::ReaderState;
use crate::i18n::Lang;

use super::{Theme, put, row};

/// Draw the block at the top of `text` and return the rows left for the
/// article's lines.
pub(super) fn render(
    reader: &ReaderState,
    lang: Lang,
    theme: &Theme,
    text: Rect,
    buf: &mut Buffer,
) -> Rect {
    let height = reader.images.block_height().min(text.height);
    if height == 0 {
        return text;
    }
    let caption = images::caption(lang, &reader.images);
    let style = match reader.images.status {
        ImageStatus::Failed(_) => theme.error,
        _ => theme.meta,
    };
    put(
        row(
            vec![Span::styled(caption, style)],
            vec![],
            text.width,
            Style::new(),
        ),
        text,
        0,
        buf,
    );
    if let ImageStatus::Shown(picture) = &reader.images.status {
        let area = Rect::new(text.x, text.y + 1, text.width, height.saturating_sub(1));
        // The widget draws nothing when the picture is larger than the
        // area (the terminal shrank; a new size is on its way). Kitty's
        // protocol writes the picture data into the first cell on its
        // first draw only (ratatui-image keeps that flag inside the
        // shared protocol, the one mutation behind this `&`): the
        // terminal keeps it, later frames only place it.
        Image::new(&picture.protocol).render(area, buf);
    }
    Rect::new(text.x, text.y + height, text.width, text.height - height)
}
