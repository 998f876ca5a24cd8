# keruen — қазақша интерфейс мәтіндері.
# Терминдер locales/GLOSSARY.md файлында бекітілген.
# Сан есімнен кейін зат есім жекеше тұрады ("5 арна"), сондықтан
# көптік түрлері бірдей.

## Глоссарий сөздері

feeds = Арналар
unread = оқылмаған
top-stories = Топ жаңалықтар
similar-news = Ұқсас жаңалықтар

## Уақыт (тізімде қысқа, оқу терезесінде толық)

time-now = қазір
time-minutes-short = { $n } мин
time-hours-short = { $n } сағ
time-days-short = { $n } күн
time-minutes-ago = { $n } минут бұрын
time-hours-ago = { $n } сағат бұрын
time-days-ago = { $n } күн бұрын
date-day-month = { $day } { $month }
date-day-month-year = { $year } жылғы { $day } { $month }
month-1 = қаңтар
month-2 = ақпан
month-3 = наурыз
month-4 = сәуір
month-5 = мамыр
month-6 = маусым
month-7 = шілде
month-8 = тамыз
month-9 = қыркүйек
month-10 = қазан
month-11 = қараша
month-12 = желтоқсан

## Көрсеткіштер

signal-views = { $shown } рет қаралды
signal-comments = { $shown } пікір
signal-points = { $shown } ұпай
number-thousands = { $n } мың
number-millions = { $n } млн
number-billions = { $n } млрд

## keruen refresh

refresh-progress = Жаңартылуда { $done }/{ $total }
cli-refresh-not-modified = { $name }: өзгеріс жоқ
cli-refresh-fetched = { $name }: { $new } жаңа, { $updated } жаңартылды
cli-refresh-failed = { $name }: ҚАТЕ ({ $kind }): { $message }
cli-refresh-summary = { $total } арна, { $secs } с: { $fetched } жүктелді ({ $new } жаңа, { $updated } жаңартылған мақала), { $not_modified } өзгеріссіз, { $failed } қате
cli-refresh-failures = { $count } арна жаңартылмады:
cli-no-feeds = арналар қосылмаған; { $path } файлына [[feeds]] қосыңыз (docs/configuration.md қараңыз)

## Lists and panes

all-articles = Барлық мақалалар
all-articles-row = Барлығы
article = Мақала
loading = Жүктелуде…
no-match = Сәйкестік жоқ
no-article-matches = Сүзгіге сай мақала жоқ
no-articles-yet = Әзірге мақала жоқ: жаңарту үшін { $key } басыңыз
unread-count = { $count } оқылмаған

## Top stories

top-title = { top-stories } · { $days } күн ({ $count })
ranking = Рейтинг есептелуде…
no-story-matches = Сүзгіге сай жаңалық жоқ
no-stories = Соңғы { $days } күнде жаңалық жоқ: жаңарту үшін { $key } басыңыз
no-tags = Бірде-бір арнада тег жоқ (тегтерді баптау файлының [[feeds]] бөлімінде беріңіз)
no-unread-stories = Оқылмаған жаңалық жоқ
no-related = Ұқсас жаңалықтар жоқ
related-loading = Ұқсас жаңалықтар ізделуде…

## Search

search = Іздеу
search-title = Іздеу: { $query } ({ $count })
searching = Ізделуде…
search-fix-query = Сұрауды түзету үшін { $key } басыңыз.
search-nothing = Ештеңе табылмады: сөзді азайтыңыз немесе сөздің басын ғана жазыңыз (парламент → парл)
search-help-words = Тақырыптан, автордан және мәтіннен іздейтін сөздерді жазып, Enter басыңыз.
search-help-filters = Сүзгілер: feed:АТАУ tag:ТЕГ unread starred since:7d
search-help-phrases = "екі сөз" тұтас тіркесті табады; -сөз сол сөзі бар мақалаларды шығарып тастайды.
no-unread-results = Оқылмаған нәтиже жоқ

## Status bar

hint-search-prompt = Enter іздеу · Esc бас тарту
hint-filter-prompt = Enter қалдыру · Esc тазарту
hint-open = ашу
hint-refresh = жаңарту
hint-help = анықтама
hint-quit = шығу
hint-read = оқу
hint-star = таңдаулы
hint-browser = браузер
hint-next = келесі
hint-related = ұқсас
hint-back = артқа
hint-toggle-read = оқылды/оқылмады
hint-tag = тег
hint-filter = сүзгі
hint-edit-query = сұрауды өзгерту
hint-next-unread = келесі оқылмаған
hint-copy = көшіру
hint-more = толығырақ
hint-pick = { $keys } таңдау
hint-open-key = { $key } ашу

## Notices and errors

refresh-running = Жаңарту жүріп жатыр
no-unread-articles = Оқылмаған мақала жоқ
refreshed = { $count } арна жаңартылды: { $new } жаңа мақала
refreshed-failed = { $count } арна жаңартылды: { $new } жаңа мақала, { $failed } қате
cache-error = кэш: { $error }
copied = Көшірілді: { $url }
opened = Ашылды: { $url }
mark-feed-from-list = Арнаны мақалалар тізімінен оқылды деп белгілеңіз
no-link-to-open = Ашатын сілтеме жоқ
no-link-to-copy = Көшіретін сілтеме жоқ
copy-failed = көшіру мүмкін болмады: { $error }
refresh-failed = жаңарту сәтсіз аяқталды: { $error }
refresh-stopped = жаңарту күтпеген жерден тоқтады

## The reader

no-text-in-feed = (арнада мәтін жоқ; бетті ашу үшін { $key } басыңыз)

## Help: one line per command

help-title = Пернелер — кез келген перне жабады
help-title-scrolls = Пернелер — j/k айналдырады, басқасы жабады
help-place = { $first }–{ $last } / { $total }
cmd-add-feed = арна қосу (URL)
cmd-import-opml = OPML файлын импорттау
cmd-undo = оқылды белгісін қайтару
cmd-show-message = хабарды толық көрсету
cmd-up = жоғары
cmd-down = төмен
cmd-page-up = бір бет жоғары
cmd-page-down = бір бет төмен
cmd-top = басына
cmd-bottom = соңына
cmd-next-pane = келесі панель
cmd-prev-pane = алдыңғы панель
cmd-open = ашу / оқу
cmd-back = артқа / сүзгіні алу
cmd-quit = оқуды жабу / шығу
cmd-force-quit = бірден шығу
cmd-refresh = осы арнаны жаңарту
cmd-refresh-all = барлық арнаны жаңарту
cmd-toggle-read = оқылды / оқылмады
cmd-mark-feed-read = арнаны оқылды деп белгілеу
cmd-toggle-star = таңдаулыға қосу / алу
cmd-open-in-browser = браузерде ашу
cmd-copy-url = сілтемені көшіру
cmd-next-unread = келесі оқылмаған
cmd-prev-unread = алдыңғы оқылмаған
cmd-filter = тізімді сүзу
cmd-help = осы анықтама
cmd-top-stories = Топ жаңалықтар
cmd-next-related = келесі ұқсас жаңалық
cmd-prev-related = алдыңғы ұқсас жаңалық
cmd-cycle-tag = топ: келесі тег
cmd-search = барлық арнадан іздеу

## First start, prompts and popups

welcome-title = keruen-ге қош келдіңіз
welcome-no-feeds = Әзірге арна жоқ. keruen арналарды баптау файлынан оқиды:
welcome-not-created = (әлі жасалмаған: арна қосқанда жасалады)
welcome-add = арна қосу: сайттың немесе арнаның мекенжайын жазыңыз, арнаны keruen өзі табады
welcome-import = басқа оқырманның арналарын импорттау (OPML файлы)
welcome-help = барлық пернелер
welcome-by-hand = Немесе арнаны файлға қолмен қосыңыз:
hint-add = қосу
hint-import = импорт
prompt-add-feed = Арна қосу (сайттың не арнаның URL-і):
prompt-import = OPML файлын импорттау (жолы):
prompt-mark-all = Барлық арнадағы { $unread } оқылмаған мақала оқылды деп белгіленсін бе? y/n
prompt-mark-one = Осы арнадағы { $unread } оқылмаған мақала оқылды деп белгіленсін бе? y/n
prompt-mark-feeds = { $feeds } арнадағы { $unread } оқылмаған мақала оқылды деп белгіленсін бе? y/n
hint-confirm = y иә · басқа перне жоқ
hint-prompt = Enter растау · Esc бас тарту
wait-task = Күте тұрыңыз: { $task }
nothing-marked = Ештеңе оқылды деп белгіленбеді
could-not-add = Қосу мүмкін болмады
could-not-open = Сілтемені ашу мүмкін болмады
status-title = Хабар
no-message = Хабар жоқ
no-feeds-to-refresh = Жаңартатын арна әлі жоқ: { $key } арна қосады
marked-read = { $n } мақала оқылды деп белгіленді ({ $key } қайтарады)
marked-unread-again = { $n } мақала қайтадан оқылмаған болды
nothing-to-undo = Қайтаратын ештеңе жоқ
