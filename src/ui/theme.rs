//! Colours and text attributes. Three themes: a default (256-colour
//! palette), one that keeps to the 16 ANSI colours (the user's terminal
//! palette decides the look), and a monochrome one for NO_COLOR.

use ratatui::style::{Color, Modifier, Style};

use crate::config::settings::ThemeName;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Theme {
    pub name: ThemeName,
    pub border: Style,
    pub border_focused: Style,
    pub pane_title: Style,
    /// The selected row in the focused pane.
    pub selected: Style,
    /// The selected row in a pane without focus.
    pub selected_dim: Style,
    pub unread: Style,
    pub read: Style,
    pub meta: Style,
    pub star: Style,
    pub count: Style,
    pub tag: Style,
    pub error: Style,
    pub title: Style,
    pub link: Style,
    pub footnote: Style,
    pub status: Style,
    pub status_busy: Style,
    pub notice: Style,
    pub filter: Style,
    pub help_key: Style,
    /// Inline emphasis in article text.
    pub strong: Style,
    pub emphasis: Style,
    pub code: Style,
    /// Matched words in a search snippet.
    pub highlight: Style,
}

impl Theme {
    pub fn from_name(name: ThemeName) -> Theme {
        match name {
            ThemeName::Default => Theme::default_colors(),
            ThemeName::Ansi16 => Theme::ansi16(),
            ThemeName::Mono => Theme::mono(),
        }
    }

    /// The configured theme, unless NO_COLOR is set (`no_color`, read by
    /// the runtime from the environment), which always means `Mono`.
    pub fn resolve(name: ThemeName, no_color: bool) -> Theme {
        if no_color {
            Theme::mono()
        } else {
            Theme::from_name(name)
        }
    }

    pub fn default_colors() -> Theme {
        let accent = Color::Indexed(75); // soft blue
        Theme {
            name: ThemeName::Default,
            border: Style::new().fg(Color::Indexed(240)),
            border_focused: Style::new().fg(accent),
            pane_title: Style::new().add_modifier(Modifier::BOLD),
            selected: Style::new().bg(Color::Indexed(24)).fg(Color::Indexed(231)),
            selected_dim: Style::new().bg(Color::Indexed(237)),
            unread: Style::new().add_modifier(Modifier::BOLD),
            read: Style::new().fg(Color::Indexed(248)),
            meta: Style::new().fg(Color::Indexed(244)),
            star: Style::new().fg(Color::Indexed(220)),
            count: Style::new().fg(accent),
            tag: Style::new().fg(Color::Indexed(108)),
            error: Style::new()
                .fg(Color::Indexed(203))
                .add_modifier(Modifier::BOLD),
            title: Style::new()
                .fg(Color::Indexed(231))
                .add_modifier(Modifier::BOLD),
            link: Style::new().fg(accent).add_modifier(Modifier::UNDERLINED),
            footnote: Style::new().fg(Color::Indexed(244)),
            status: Style::new().bg(Color::Indexed(236)).fg(Color::Indexed(252)),
            status_busy: Style::new().bg(Color::Indexed(236)).fg(Color::Indexed(220)),
            notice: Style::new().bg(Color::Indexed(236)).fg(Color::Indexed(114)),
            filter: Style::new().bg(Color::Indexed(236)).fg(Color::Indexed(231)),
            help_key: Style::new().fg(accent).add_modifier(Modifier::BOLD),
            strong: Style::new().add_modifier(Modifier::BOLD),
            emphasis: Style::new().add_modifier(Modifier::ITALIC),
            code: Style::new().fg(Color::Indexed(180)),
            highlight: Style::new()
                .fg(Color::Indexed(16))
                .bg(Color::Indexed(221))
                .add_modifier(Modifier::BOLD),
        }
    }

    pub fn ansi16() -> Theme {
        Theme {
            name: ThemeName::Ansi16,
            border: Style::new().fg(Color::DarkGray),
            border_focused: Style::new().fg(Color::Cyan),
            pane_title: Style::new().add_modifier(Modifier::BOLD),
            selected: Style::new().bg(Color::Blue).fg(Color::White),
            selected_dim: Style::new().add_modifier(Modifier::REVERSED),
            unread: Style::new().add_modifier(Modifier::BOLD),
            read: Style::new(),
            meta: Style::new().fg(Color::DarkGray),
            star: Style::new().fg(Color::Yellow),
            count: Style::new().fg(Color::Cyan),
            tag: Style::new().fg(Color::Green),
            error: Style::new().fg(Color::Red).add_modifier(Modifier::BOLD),
            title: Style::new().add_modifier(Modifier::BOLD),
            link: Style::new()
                .fg(Color::Cyan)
                .add_modifier(Modifier::UNDERLINED),
            footnote: Style::new().fg(Color::DarkGray),
            status: Style::new().add_modifier(Modifier::REVERSED),
            status_busy: Style::new()
                .fg(Color::Yellow)
                .add_modifier(Modifier::REVERSED),
            notice: Style::new()
                .fg(Color::Green)
                .add_modifier(Modifier::REVERSED),
            filter: Style::new().add_modifier(Modifier::REVERSED),
            help_key: Style::new().fg(Color::Cyan).add_modifier(Modifier::BOLD),
            strong: Style::new().add_modifier(Modifier::BOLD),
            emphasis: Style::new().add_modifier(Modifier::ITALIC),
            code: Style::new().fg(Color::Yellow),
            highlight: Style::new()
                .fg(Color::Black)
                .bg(Color::Yellow)
                .add_modifier(Modifier::BOLD),
        }
    }

    /// No colour at all: only bold, dim, underline and reverse.
    pub fn mono() -> Theme {
        Theme {
            name: ThemeName::Mono,
            border: Style::new(),
            border_focused: Style::new().add_modifier(Modifier::BOLD),
            pane_title: Style::new().add_modifier(Modifier::BOLD),
            selected: Style::new().add_modifier(Modifier::REVERSED),
            selected_dim: Style::new().add_modifier(Modifier::UNDERLINED),
            unread: Style::new().add_modifier(Modifier::BOLD),
            read: Style::new(),
            meta: Style::new().add_modifier(Modifier::DIM),
            star: Style::new().add_modifier(Modifier::BOLD),
            count: Style::new(),
            tag: Style::new().add_modifier(Modifier::DIM),
            error: Style::new().add_modifier(Modifier::BOLD),
            title: Style::new().add_modifier(Modifier::BOLD),
            link: Style::new().add_modifier(Modifier::UNDERLINED),
            footnote: Style::new().add_modifier(Modifier::DIM),
            status: Style::new().add_modifier(Modifier::REVERSED),
            status_busy: Style::new().add_modifier(Modifier::REVERSED | Modifier::BOLD),
            notice: Style::new().add_modifier(Modifier::REVERSED),
            filter: Style::new().add_modifier(Modifier::REVERSED),
            help_key: Style::new().add_modifier(Modifier::BOLD),
            strong: Style::new().add_modifier(Modifier::BOLD),
            emphasis: Style::new().add_modifier(Modifier::ITALIC),
            code: Style::new().add_modifier(Modifier::DIM),
            highlight: Style::new().add_modifier(Modifier::BOLD | Modifier::UNDERLINED),
        }
    }
}

impl Default for Theme {
    fn default() -> Self {
        Theme::default_colors()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mono_has_no_colour() {
        let t = Theme::resolve(ThemeName::Default, true);
        assert_eq!(t.name, ThemeName::Mono);
        for s in [t.selected, t.error, t.status, t.link, t.meta, t.star] {
            assert!(s.fg.is_none() && s.bg.is_none(), "{s:?}");
        }
    }

    #[test]
    fn ansi16_uses_only_named_colours() {
        let t = Theme::ansi16();
        for s in [
            t.border, t.selected, t.error, t.status, t.link, t.meta, t.star, t.count,
        ] {
            for c in [s.fg, s.bg].into_iter().flatten() {
                assert!(!matches!(c, Color::Indexed(_) | Color::Rgb(..)), "{c:?}");
            }
        }
    }
}
