//! Which way pictures are drawn. `ui.image_protocol` names one, or `auto`
//! decides from what the terminal announces about itself in the
//! environment — no query is written to the terminal (see `choose`).

use image::DynamicImage;
use ratatui::layout::Size;
use ratatui_image::picker::ProtocolType;
use ratatui_image::protocol::Protocol;
use ratatui_image::protocol::halfblocks::Halfblocks;
use ratatui_image::protocol::iterm2::Iterm2;
use ratatui_image::protocol::kitty::Kitty;
use ratatui_image::protocol::sixel::Sixel;
use ratatui_image::{FontSize, Resize};

use crate::config::settings::ImageProtocol;

/// Cell size assumed when the terminal does not report its pixel size
/// (the usual ratio of a terminal font; only scales the picture).
const FALLBACK_CELL: FontSize = FontSize::new(10, 20);

/// The protocol for `setting`, reading the environment through `env`
/// (empty values count as unset).
///
/// `auto` picks a graphics protocol only when the terminal announces it:
/// - kitty graphics: `KITTY_WINDOW_ID` is set, or `TERM` is `xterm-kitty`
///   or `xterm-ghostty`, or `TERM_PROGRAM` is `ghostty`;
/// - iTerm2 inline images: `TERM_PROGRAM` is `iTerm.app` or `WezTerm`, or
///   `LC_TERMINAL` is `iTerm2` (WezTerm draws iTerm2 images best);
/// - sixel: `TERM` is `foot`, `foot-extra` or `mlterm`, or `MLTERM` is set;
/// - inside tmux or screen (`TMUX`, `STY`, `TERM=tmux*` / `screen*`): half
///   blocks, since those variables then describe the outer terminal, and
///   tmux passes graphics on only when configured to (a protocol named in
///   the config is wrapped for tmux's passthrough);
/// - everything else, a dumb terminal included: half blocks.
///
/// Writing a query to the terminal and reading its answer would find more
/// (xterm's sixel, kitty over SSH), but an answer that comes after the
/// timeout is read by the key reader as key presses, and a terminal that
/// never answers (a dumb terminal over SSH) leaves a reader blocked on the
/// input; so keruen does not query. Name the protocol in the config for
/// terminals these variables miss.
pub fn choose(setting: ImageProtocol, env: impl Fn(&str) -> Option<String>) -> ProtocolType {
    let var = |name: &str| env(name).filter(|v| !v.is_empty());
    match setting {
        ImageProtocol::Kitty => return ProtocolType::Kitty,
        ImageProtocol::Sixel => return ProtocolType::Sixel,
        ImageProtocol::Iterm2 => return ProtocolType::Iterm2,
        ImageProtocol::Halfblocks => return ProtocolType::Halfblocks,
        ImageProtocol::Auto => {}
    }
    let term = var("TERM").unwrap_or_default();
    let program = var("TERM_PROGRAM").unwrap_or_default();
    let multiplexed = var("TMUX").is_some()
        || var("STY").is_some()
        || term.starts_with("tmux")
        || term.starts_with("screen")
        || program == "tmux";
    if multiplexed {
        return ProtocolType::Halfblocks;
    }
    if var("KITTY_WINDOW_ID").is_some()
        || term == "xterm-kitty"
        || term == "xterm-ghostty"
        || program == "ghostty"
    {
        return ProtocolType::Kitty;
    }
    if program == "iTerm.app"
        || program == "WezTerm"
        || var("LC_TERMINAL").is_some_and(|t| t == "iTerm2")
    {
        return ProtocolType::Iterm2;
    }
    if matches!(term.as_str(), "foot" | "foot-extra" | "mlterm") || var("MLTERM").is_some() {
        return ProtocolType::Sixel;
    }
    ProtocolType::Halfblocks
}

/// Encodes pictures for one terminal: the protocol, the cell size in
/// pixels, and whether the output passes through tmux.
#[derive(Debug, Clone, Copy)]
pub struct Encoder {
    pub protocol: ProtocolType,
    pub cell: FontSize,
    pub in_tmux: bool,
}

impl Encoder {
    /// The encoder for `setting` in this process's terminal: the protocol
    /// from `choose`, the cell size the terminal reports (TIOCGWINSZ), or a
    /// common one when it reports none.
    ///
    /// Built here rather than with ratatui-image's `Picker`: every `Picker`
    /// constructor runs `tmux set -p allow-passthrough on` inside tmux (a
    /// change to the user's tmux) and the querying one writes to the
    /// terminal; keruen does neither.
    pub fn for_terminal(setting: ImageProtocol) -> Encoder {
        let env = |name: &str| std::env::var(name).ok().filter(|v| !v.is_empty());
        let cell = crossterm::terminal::window_size()
            .ok()
            .filter(|w| w.columns > 0 && w.rows > 0)
            .map(|w| FontSize::new(w.width / w.columns, w.height / w.rows))
            .filter(|f| f.width > 0 && f.height > 0)
            .unwrap_or(FALLBACK_CELL);
        let term = env("TERM").unwrap_or_default();
        Encoder {
            protocol: choose(setting, env),
            cell,
            in_tmux: env("TMUX").is_some() || term.starts_with("tmux"),
        }
    }

    /// `image` fitted into `cols` × `rows` cells (never enlarged; the
    /// aspect kept) and encoded; the result's `size()` is the cells used.
    pub fn encode(&self, image: DynamicImage, cols: u16, rows: u16) -> Result<Protocol, String> {
        let resize = Resize::Fit(None);
        let area = resize.size_for(&image, self.cell, Size::new(cols.max(1), rows.max(1)));
        let image = resize.resize(&image, self.cell, area, None);
        let tmux = self.in_tmux;
        let out = match self.protocol {
            ProtocolType::Halfblocks => Halfblocks::new(image, area).map(Protocol::Halfblocks),
            ProtocolType::Sixel => Sixel::new(image, area, tmux).map(Protocol::Sixel),
            ProtocolType::Iterm2 => Iterm2::new(image, area, tmux).map(Protocol::ITerm2),
            ProtocolType::Kitty => {
                Kitty::new(image, area, image_id(), tmux, false).map(Protocol::Kitty)
            }
        };
        out.map_err(|e| e.to_string())
    }
}

/// A kitty image id: random (other programs in the same terminal number
/// their images too), never 0, which kitty reserves.
fn image_id() -> u32 {
    use std::hash::{BuildHasher, Hasher};
    let mut h = std::collections::hash_map::RandomState::new().build_hasher();
    h.write_u32(std::process::id());
    (h.finish() as u32).max(1)
}
