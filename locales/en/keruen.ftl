# keruen — English interface messages.
# Words are fixed in locales/GLOSSARY.md.

## Glossary words

feeds = Feeds
articles = Articles
unread = unread
starred = starred
top-stories = Top stories
similar-news = Similar news

## Relative times (lists: short; the reader: long)

time-now = now
time-minutes-short = { $n }m
time-hours-short = { $n }h
time-days-short = { $n }d
time-minutes-ago = { $n ->
    [one] { $n } minute ago
   *[other] { $n } minutes ago
}
time-hours-ago = { $n ->
    [one] { $n } hour ago
   *[other] { $n } hours ago
}
time-days-ago = { $n ->
    [one] { $n } day ago
   *[other] { $n } days ago
}
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

cli-refresh-progress = Refreshing { $done }/{ $total }
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
