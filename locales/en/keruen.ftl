# keruen — English interface messages.
# Words are fixed in locales/GLOSSARY.md.

## Glossary words

feeds = Feeds
unread = unread
top-stories = Top stories
similar-news = Related stories

## Relative times (lists: short; the reader: long)

time-now = now
time-minutes-short = { $n }m
time-hours-short = { $n }h
time-days-short = { $n }d
time-minutes-ago = { $n }m ago
time-hours-ago = { $n }h ago
time-days-ago = { $n }d ago
date-day-month = { $month } { $day2 }
date-day-month-year = { $year }-{ $month2 }-{ $day2 }
month-1 = Jan
month-2 = Feb
month-3 = Mar
month-4 = Apr
month-5 = May
month-6 = Jun
month-7 = Jul
month-8 = Aug
month-9 = Sep
month-10 = Oct
month-11 = Nov
month-12 = Dec

## Signals

signal-views = { $count ->
    [one] { $shown } view
   *[other] { $shown } views
}
signal-comments = { $count ->
    [one] { $shown } comment
   *[other] { $shown } comments
}
signal-points = { $count ->
    [one] { $shown } point
   *[other] { $shown } points
}
number-thousands = { $n }k
number-millions = { $n }M
number-billions = { $n }G

## keruen refresh

refresh-progress = Refreshing { $done }/{ $total }
cli-refresh-not-modified = { $name }: not modified
cli-refresh-fetched = { $name }: { $new } new, { $updated } updated
cli-refresh-failed = { $name }: FAILED ({ $kind }): { $message }
cli-refresh-summary = { $total ->
    [one] { $total } feed
   *[other] { $total } feeds
} in { $secs } s: { $fetched } fetched ({ $new } new, { $updated } updated articles), { $not_modified } not modified, { $failed } failed
cli-refresh-failures = { $count ->
    [one] { $count } feed failed:
   *[other] { $count } feeds failed:
}
cli-refresh-not-due = { $count ->
    [one] { $count } feed not due yet, skipped (--all refreshes every feed)
   *[other] { $count } feeds not due yet, skipped (--all refreshes every feed)
}
cli-no-feeds = no feeds configured; add [[feeds]] to { $path } (see docs/configuration.md)

## Lists and panes

all-articles = All articles
all-articles-row = All articles
article = Article
loading = Loading…
no-match = No match
no-article-matches = No article matches the filter
no-articles-yet = No articles yet: press { $key } to refresh
unread-count = { $count } unread

## Top stories

top-title = { top-stories } · { $days ->
    [one] { $days } day
   *[other] { $days } days
} ({ $count })
ranking = Ranking…
no-story-matches = No story matches the filter
no-stories = No stories in the last { $days ->
    [one] day
   *[other] { $days } days
}: press { $key } to refresh
no-tags = No feed has a tag (set tags in the config's [[feeds]])
no-unread-stories = No unread stories
no-related = No related stories
same-story = The same story in other sources
related-loading = Looking for related stories…

## Search

search = Search
search-title = Search: { $query } ({ $count })
searching = Searching…
search-unindexed = { $count } not indexed yet
search-fix-query = Press { $key } to fix the query.
search-nothing = Nothing matches: try fewer words, or a word's start (парламент → парл)
search-help-words = Type words to find in titles, authors and text, then Enter.
search-help-filters = Filters: feed:NAME tag:NAME unread starred since:7d
search-help-phrases = "two words" finds a phrase; -word leaves out articles with it.
no-unread-results = No unread results

## Status bar

hint-search-prompt = Enter search · Esc cancel
hint-filter-prompt = Enter keep · Esc clear
hint-open = open
hint-refresh = refresh
hint-help = help
hint-quit = quit
hint-read = read
hint-star = star
hint-browser = browser
hint-next = next
hint-related = related
hint-back = back
hint-toggle-read = read/unread
hint-tag = tag
hint-filter = filter
hint-edit-query = edit query
hint-next-unread = next unread
hint-copy = copy
hint-more = more
hint-pick = { $keys } pick
hint-open-key = { $key } open

## Notices and errors

refresh-running = A refresh is already running
no-unread-articles = No unread articles
refreshed = { $count ->
    [one] Refreshed { $count } feed
   *[other] Refreshed { $count } feeds
}: { $new } new
refreshed-failed = { $count ->
    [one] Refreshed { $count } feed
   *[other] Refreshed { $count } feeds
}: { $new } new, { $failed } failed
cache-error = cache: { $error }
upgrading-cache = Upgrading the cache { $path } (schema { $from } → { $to }), once; a big cache takes a few seconds…
copied = Copied { $url }
opened = Opened { $url }
mark-feed-from-list = Mark a feed read from the article list
no-link-to-open = No link to open
no-link-to-copy = No link to copy
images-off = Pictures are off (ui.images = "off" in the config)
no-images = This article has no pictures
image-loading = Loading picture { $n } of { $total }…
image-caption = Picture { $n } of { $total }
image-failed = Picture { $n } of { $total }: { $error }
image-fetch-failed = could not fetch it ({ $error })
image-too-large = it declares { $width } × { $height } pixels, too many to decode
image-unsupported = not a PNG, JPEG, GIF or WebP picture
image-tiny = a tracking pixel, not shown
image-damaged = it is damaged ({ $error })
copy-failed = could not copy: { $error }
refresh-failed = refresh failed: { $error }
refresh-stopped = refresh stopped unexpectedly

## The reader

no-text-in-feed = (no text in the feed; press { $key } to open the page)
preparing-text = (preparing the text…)

## Help: one line per command

help-title = Keys — any key closes
help-title-scrolls = Keys — j/k scroll, other keys close
help-place = { $first }–{ $last } of { $total }
cmd-add-feed = add a feed (URL)
cmd-import-opml = import OPML file
cmd-undo = undo mark read
cmd-show-message = whole status text
cmd-show-image = show pictures
cmd-up = move up
cmd-down = move down
cmd-page-up = page up
cmd-page-down = page down
cmd-top = go to top
cmd-bottom = go to bottom
cmd-next-pane = next pane
cmd-prev-pane = previous pane
cmd-open = open / read
cmd-back = back / unfilter
cmd-quit = close reader/quit
cmd-force-quit = quit now
cmd-refresh = refresh this feed
cmd-refresh-all = refresh all feeds
cmd-toggle-read = toggle read
cmd-mark-feed-read = mark feed read
cmd-toggle-star = toggle star
cmd-open-in-browser = open in browser
cmd-copy-url = copy URL
cmd-next-unread = next unread
cmd-prev-unread = previous unread
cmd-filter = filter list
cmd-help = this help
cmd-top-stories = top stories
cmd-next-related = pick next related
cmd-prev-related = pick prev related
cmd-cycle-tag = top: next tag
cmd-search = search all feeds

## First start, prompts and popups

welcome-title = Welcome to keruen
welcome-no-feeds = No feeds yet. keruen reads them from its config file:
welcome-not-created = (not created yet: adding a feed creates it)
welcome-add = add a feed: type a site or feed address, keruen finds the feed
welcome-import = import the feeds of another reader (an OPML file)
welcome-help = every key
welcome-by-hand = Or add one to the file by hand:
hint-add = add
hint-import = import
prompt-add-feed = Add feed (site or feed URL):
prompt-import = Import OPML file (path):
prompt-mark-all = Mark { $unread ->
    [one] { $unread } unread article
   *[other] { $unread } unread articles
} in all feeds read? y/n
prompt-mark-one = Mark { $unread ->
    [one] { $unread } unread article
   *[other] { $unread } unread articles
} in this feed read? y/n
prompt-mark-feeds = Mark { $unread ->
    [one] { $unread } unread article
   *[other] { $unread } unread articles
} in { $feeds } feeds read? y/n
hint-confirm = y yes · any key no
hint-prompt = Enter ok · Esc cancel
wait-task = Wait: { $task }
nothing-marked = Nothing marked read
could-not-add = Could not add
could-not-open = Could not open the link
status-title = Status
no-message = No message
no-feeds-to-refresh = No feeds to refresh yet: { $key } adds one
marked-read = { $n ->
    [one] Marked { $n } article read
   *[other] Marked { $n } articles read
} ({ $key } undoes)
marked-unread-again = { $n ->
    [one] Marked { $n } article unread again
   *[other] Marked { $n } articles unread again
}
nothing-to-undo = Nothing to undo

## cli — the headless commands (keruen list, search, top, show…)

cli-error = keruen: { $error }
cli-note = keruen: note: { $note }
cli-none = (none)
cli-cache-empty = the cache at { $path } is empty; run `keruen refresh` first
cli-no-feed-in-cache = no feed named "{ $name }" in the cache
cli-no-feed-in-config = no feed named "{ $name }" in the config; known feeds: { $known }
cli-urls-unreadable = cannot read urls file { $path }
cli-urls-name-taken = { $path }: feed name "{ $name }" is already used in the config; rename one of them
cli-read-failed = cannot read { $path }
cli-tui-no-config = keruen: no config at { $path }, using built-in defaults; put one there to add feeds
cli-config-ok = { $path }: OK
cli-config-defaults = no config file at { $path }; using the built-in defaults. Put your config there (see docs/configuration.md).
cli-config-feeds = { $count ->
    [one] { $count } feed:
   *[other] { $count } feeds:
}
cli-config-cache = cache: { $path }
cli-config-next-due = next refresh: { $when } ({ $reason })
cli-config-due-now = due now ({ $reason })
cli-search-no-matches = no matches
cli-search-no-feed = feed:{ $name } names no feed; feeds in the cache: { $feeds }
cli-search-no-tag = tag:{ $tag } is on no feed; tags in use: { $tags }
cli-search-empty = the search is empty; type some words after `keruen search`
cli-search-needs-number = { $flag } needs a number
cli-search-not-a-number = { $flag } { $value }: not a number of results
cli-top-none = no stories in that window
cli-related-to = Related to: { $title }
cli-related-none = No related stories: nothing in the last { $days } days is similar enough.
cli-related-too-old = article { $id } is older than the related-stories window ({ $days } days)
cli-show-feed = Feed
cli-show-author = Author
cli-show-date = Date
cli-show-link = Link
cli-show-id = Id
cli-marked-read = { $count ->
    [one] { $count } article marked read
   *[other] { $count } articles marked read
}
cli-marked-unread = { $count ->
    [one] { $count } article marked unread
   *[other] { $count } articles marked unread
}
cli-marked-starred = { $count ->
    [one] { $count } article marked starred
   *[other] { $count } articles marked starred
}
cli-marked-unstarred = { $count ->
    [one] { $count } article marked unstarred
   *[other] { $count } articles marked unstarred
}
cli-not-opened = keruen: not opened ({ $reason }); the link:
cli-no-link = article { $id } has no link to open
cli-open-failed = { $error } (opening { $url })
cli-add-direct = the URL is a feed
cli-add-link-tag = advertised by { $page } with <link rel="alternate">
cli-add-common-path = at a common feed path of { $page }
cli-add-found = found: { $title } ({ $items ->
    [one] { $items } item
   *[other] { $items } items
}) at { $url }
cli-add-untitled = (untitled feed)
cli-add-also = the page also lists: { $url }
cli-add-present = already in the config as "{ $name }"; nothing added
cli-would-add = would add to { $path }:
cli-added = added "{ $name }" to { $path }
cli-import-skipped = skipped: { $what }
cli-import-nothing = nothing to import ({ $present ->
    [one] { $present } feed
   *[other] { $present } feeds
} already in the config)
cli-imported = imported { $count ->
    [one] { $count } feed
   *[other] { $count } feeds
} into { $path } ({ $present } already there, { $skipped } skipped)
cli-not-exported = not exported (other readers cannot use it): { $what }
cli-sync-no-table = no [sync] table in { $path }; add one (see docs/sync.md), e.g.
cli-sync-report = synced with { $server }: { $feeds } feeds, { $new } new articles, { $pushed } changes pushed; from the server: { $read } read/unread and { $starred } starred changes, { $local } kept local; { $queued } still queued
refresh-waiting = another keruen is refreshing this cache; waiting for it to finish
cli-sync-failed = sync failed: { $error }; { $queued } local changes stay queued

## cli — the Top "why" line ("12.3k views · 4 sources · 3h ago")

why-sources = { $count ->
    [one] { $count } source
   *[other] { $count } sources
}
why-views-per-hour = +{ $shown } views/h

## cli — why a link could not be opened

open-over-ssh = Over SSH with no browser set ($BROWSER or ui.browser): URL copied
open-no-desktop = No desktop to open it and no browser set ($BROWSER or ui.browser): URL copied
open-empty-command = Empty browser command: URL copied
open-start-failed = could not start `{ $program }`: { $error }
open-program-failed = `{ $program }` ended with { $status }
open-desktop-failed = the desktop could not open it: { $error }

## cli — --help

about-keruen = A fast terminal news reader for RSS, Atom, JSON Feed and plain HTTP/JSON/HTML news sources, with related and top stories
about-refresh = Refresh feeds without the TUI and print a per-feed summary
about-list = List cached articles, newest first
about-check-config = Check the config file and say what is wrong, or what it holds
about-top = Top stories across all feeds, ranked by popularity, with why
about-related = Stories related to one article (ids as shown by `list --json`)
about-add = Find the feed of a site (or take a feed URL) and add it to the config
about-import = Add the feeds of an OPML file to the config (folders become tags)
about-export = Print the configured feeds as OPML 2.0 (tags become folders)
about-search = Full-text search of the cache, best match first
about-show = Print one article as plain text (or --json): title, feed, author, date, link, text
about-mark = Mark articles read or unread, starred or not (ids as shown by `list --json`)
about-open = Open an article's link in the browser (ui.browser, else $BROWSER)
about-download = Download an article's enclosure (podcast episode, video) to [media] download_dir; resumes a partial download
about-sync = Sync read/starred state with the server of [sync] (tt-rss, Fever, Google Reader API)
about-completions = Print a shell completion script (e.g. `keruen completions bash > ~/.local/share/bash-completion/completions/keruen`)
about-man = Print the manual page (roff; e.g. `keruen man | man -l -`)
arg-config = Config file (default: the platform config dir's keruen/config.toml)
arg-data-dir = Where the cache lives (default: the platform data dir's keruen/)
arg-urls = Also read feeds from a newsboat-style urls file (one URL a line, tags after it)
arg-help = Print help
arg-version = Print version
arg-refresh-feed = Only refresh the feed with this name, due or not (repeatable)
arg-refresh-names = Refresh these feeds now, due or not (by name)
arg-refresh-all = Refresh every feed, due or not (without it, only the feeds due now)
arg-refresh-json = Print one JSON object a line (events), ending with the summary
arg-list-unread = Only unread articles
arg-list-starred = Only starred articles
arg-list-feed = Only articles of this feed
arg-list-limit = At most this many articles
arg-list-json = Print JSON (an array of articles)
arg-list-count = Print only the number of matching articles
arg-top-since = Only stories first reported within this time, e.g. "24h", "7d"
arg-top-tag = Only stories from feeds with this tag
arg-stories-limit = At most this many stories
arg-json = Print JSON
arg-article = The article's id
arg-add-url = A feed URL, or a page whose feed should be found
arg-add-name = The feed's name (default: the feed's title, made unique)
arg-add-tag = A tag for the feed (repeatable)
arg-dry-run = Only show what would be added
arg-import-file = The OPML file
arg-search-query = Words (each also matches longer forms: "Алматы" finds "Алматыда"), "quoted phrases", -word to leave out, and filters: feed:NAME tag:TAG unread starred since:7d. One argument or many mean the same; -word needs no `--`
arg-search-limit = At most this many results
arg-search-json = Print JSON (an array of hits; matches in `snippet` are wrapped in U+0001 … U+0002)
arg-show-json = Print JSON (the fields, the stored HTML and the plain text)
arg-show-width = Wrap the text to this many columns
arg-mark-articles = The articles' ids
arg-mark-read = Mark them read
arg-mark-unread = Mark them unread
arg-mark-star = Star them
arg-mark-unstar = Unstar them
arg-sync-json = Print the report as JSON
arg-sync-read = Mark this article read first (ids as shown by `list --json`; repeatable)
arg-sync-unread = Mark this article unread first (repeatable)
arg-sync-star = Star this article first (repeatable)
arg-sync-unstar = Unstar this article first (repeatable)
arg-shell = The shell
arg-download-index = Which of its enclosures (1 = the first, as `show` numbers them)
heading-usage = Usage
heading-commands = Commands
heading-arguments = Arguments
heading-options = Options
# Media: enclosures, downloads, the player.
media-audio = Audio
media-video = Video
media-image = Image
media-file = File
size-bytes = { $n } B
size-kb = { $n } KB
size-mb = { $n } MB
size-gb = { $n } GB
speed-per-second = { $size }/s
reader-media = Media: { $download } downloads, { $play } plays
downloads-title = Downloads
no-downloads = Nothing downloaded yet: { $key } on an article with media queues its file
download-queued = queued
download-downloading = downloading
download-paused = paused
download-done = done
download-failed = failed: { $error }
queued-for-download = Queued for download: { $title }
no-media = This article has no media
no-player = No player set: add player = "mpv %u" under [media] in the config
playing = Playing: { $title }
could-not-play = Could not start the player: { $error }
cmd-download = download media
cmd-play = play media
cmd-downloads = downloads
cmd-pause-download = pause/resume download
download-saved = Saved: { $path }
