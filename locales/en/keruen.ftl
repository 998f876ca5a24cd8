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
related-loading = Looking for related stories…

## Search

search = Search
search-title = Search: { $query } ({ $count })
searching = Searching…
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
copied = Copied { $url }
opened = Opened { $url }
mark-feed-from-list = Mark a feed read from the article list
no-link-to-open = No link to open
no-link-to-copy = No link to copy
copy-failed = could not copy: { $error }
refresh-failed = refresh failed: { $error }
refresh-stopped = refresh stopped unexpectedly

## The reader

no-text-in-feed = (no text in the feed; press { $key } to open the page)

## Help: one line per command

help-title = Keys — any key closes
help-title-scrolls = Keys — j/k scroll, other keys close
help-place = { $first }–{ $last } of { $total }
cmd-add-feed = add a feed (URL)
cmd-import-opml = import OPML file
cmd-undo = undo mark read
cmd-show-message = whole status text
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
