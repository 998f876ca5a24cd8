//! Which way pictures are drawn. `ui.image_protocol` names one, or `auto`
//! decides from what the terminal announces about itself in the
//! environment — no query is written to the terminal (see `choose`).

use ratatui_image::FontSize;
use ratatui_image::picker::{Picker, ProtocolType};

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
///   tmux passes graphics on only when configured to;
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

/// The encoder for `setting` in this process's terminal: the protocol
/// from `choose` and the cell size the terminal reports (TIOCGWINSZ), or
/// a common one when it reports none.
pub fn picker(setting: ImageProtocol) -> Picker {
    let protocol = choose(setting, |name| std::env::var(name).ok());
    let cell = crossterm::terminal::window_size()
        .ok()
        .filter(|w| w.columns > 0 && w.rows > 0 && w.width > 0 && w.height > 0)
        .map(|w| FontSize::new(w.width / w.columns, w.height / w.rows))
        .filter(|f| f.width > 0 && f.height > 0)
        .unwrap_or(FALLBACK_CELL);
    // `from_fontsize` is the one constructor that takes a known cell size
    // without querying the terminal (deprecated upstream in favour of the
    // query this module avoids on purpose).
    #[allow(deprecated)]
    let mut picker = Picker::from_fontsize(cell);
    picker.set_protocol_type(protocol);
    picker
}
