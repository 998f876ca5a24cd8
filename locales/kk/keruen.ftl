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
cli-refresh-not-due = { $count } арнаның уақыты әлі келмеген, өткізілді (--all барлық арнаны жаңартады)
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
same-story = Осы жаңалық басқа дереккөздерде
related-loading = Ұқсас жаңалықтар ізделуде…

## Search

search = Іздеу
search-title = Іздеу: { $query } ({ $count })
searching = Ізделуде…
search-unindexed = әлі индекстелмеген: { $count }
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
upgrading-cache = Кэш жаңартылуда: { $path } (схема { $from } → { $to }), бір рет қана; үлкен кэшке бірнеше секунд кетеді…
copied = Көшірілді: { $url }
opened = Ашылды: { $url }
mark-feed-from-list = Арнаны мақалалар тізімінен оқылды деп белгілеңіз
no-link-to-open = Ашатын сілтеме жоқ
no-link-to-copy = Көшіретін сілтеме жоқ
images-off = Суреттер өшірулі (баптау файлында ui.images = "off")
no-images = Бұл мақалада сурет жоқ
image-loading = Сурет { $n }/{ $total } жүктелуде…
image-caption = Сурет { $n }/{ $total }
image-failed = Сурет { $n }/{ $total }: { $error }
image-fetch-failed = жүктеу мүмкін болмады ({ $error })
image-too-large = өлшемі { $width } × { $height } пиксель деп көрсетілген — ашуға тым үлкен
image-unsupported = PNG, JPEG, GIF не WebP суреті емес
image-tiny = бақылау пикселі, көрсетілмейді
image-damaged = файл бүлінген ({ $error })
copy-failed = көшіру мүмкін болмады: { $error }
refresh-failed = жаңарту сәтсіз аяқталды: { $error }
refresh-stopped = жаңарту күтпеген жерден тоқтады

## The reader

no-text-in-feed = (арнада мәтін жоқ; бетті ашу үшін { $key } басыңыз)
preparing-text = (мәтін дайындалуда…)

## Help: one line per command

help-title = Пернелер — кез келген перне жабады
help-title-scrolls = Пернелер — j/k айналдырады, басқасы жабады
help-place = { $first }–{ $last } / { $total }
cmd-add-feed = арна қосу (URL)
cmd-import-opml = OPML файлын импорттау
cmd-undo = оқылды белгісін қайтару
cmd-show-message = хабарды толық көрсету
cmd-show-image = суреттерді ашу
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

## cli — терминал командалары (keruen list, search, top, show…)

cli-error = keruen: қате: { $error }
cli-note = keruen: ескерту: { $note }
cli-none = (жоқ)
cli-cache-empty = { $path } кэші бос; алдымен `keruen refresh` іске қосыңыз
cli-no-feed-in-cache = кэште «{ $name }» деген арна жоқ
cli-no-feed-in-config = баптау файлында «{ $name }» деген арна жоқ; бар арналар: { $known }
cli-urls-unreadable = { $path } urls файлын оқу мүмкін болмады
cli-urls-name-taken = { $path }: «{ $name }» деген арна атауы баптау файлында бар; біреуінің атын өзгертіңіз
cli-read-failed = { $path } файлын оқу мүмкін болмады
cli-tui-no-config = keruen: { $path } баптау файлы жоқ, кірістірілген әдепкі баптаулар қолданылады; арна қосу үшін файлды сол жерге жасаңыз
cli-config-ok = { $path }: қате жоқ
cli-config-defaults = { $path } баптау файлы жоқ; кірістірілген әдепкі баптаулар қолданылады. Баптау файлыңызды сол жерге қойыңыз (docs/configuration.md қараңыз).
cli-config-feeds = { $count } арна:
cli-config-cache = кэш: { $path }
cli-config-next-due = келесі жаңарту: { $when } ({ $reason })
cli-config-due-now = жаңартуға кезегі келді ({ $reason })
cli-search-no-matches = ештеңе табылмады
cli-search-no-feed = feed:{ $name } — мұндай арна жоқ; кэштегі арналар: { $feeds }
cli-search-no-tag = tag:{ $tag } — бұл тег ешбір арнада жоқ; қолданыстағы тегтер: { $tags }
cli-search-empty = іздеу сұрауы бос; `keruen search` деген соң іздейтін сөздерді жазыңыз
cli-search-needs-number = { $flag } параметріне сан керек
cli-search-not-a-number = { $flag } { $value }: бұл сан емес (нәтижелер санын жазыңыз)
cli-top-none = бұл аралықта жаңалық жоқ
cli-related-to = «{ $title }» мақаласына ұқсас жаңалықтар:
cli-related-none = Ұқсас жаңалық жоқ: соңғы { $days } күнде жеткілікті ұқсас ештеңе табылмады.
cli-related-too-old = { $id } мақаласы ұқсас жаңалықтар ізделетін кезеңнен ({ $days } күн) ескі
cli-show-feed = Арна
cli-show-author = Автор
cli-show-date = Күні
cli-show-link = Сілтеме
cli-show-id = Нөмірі
cli-marked-read = { $count } мақала оқылды деп белгіленді
cli-marked-unread = { $count } мақала оқылмаған деп белгіленді
cli-marked-starred = { $count } мақала таңдаулыға қосылды
cli-marked-unstarred = { $count } мақала таңдаулыдан алынды
cli-not-opened = keruen: ашылмады ({ $reason }); сілтеме:
cli-no-link = { $id } мақаласында ашатын сілтеме жоқ
cli-open-failed = { $error } ({ $url } ашылмады)
cli-add-direct = бұл мекенжай — арнаның өзі
cli-add-link-tag = { $page } беті <link rel="alternate"> арқылы көрсеткен
cli-add-common-path = { $page } сайтында арналар әдетте тұратын жолдан табылды
cli-add-found = табылды: { $title } ({ $items } жазба), мекенжайы: { $url }
cli-add-untitled = (атауы жоқ арна)
cli-add-also = бетте тағы бар: { $url }
cli-add-present = баптау файлында «{ $name }» деген атпен бар; ештеңе қосылмады
cli-would-add = { $path } файлына мынау қосылар еді:
cli-added = «{ $name }» арнасы { $path } файлына қосылды
cli-import-skipped = өткізіліп жіберілді: { $what }
cli-import-nothing = импорттайтын ештеңе жоқ ({ $present } арна баптау файлында бұрыннан бар)
cli-imported = { $path } файлына { $count } арна импортталды ({ $present } бұрыннан бар, { $skipped } өткізілді)
cli-not-exported = экспортталмады (басқа оқырмандар оны қолдана алмайды): { $what }
cli-sync-no-table = { $path } файлында [sync] кестесі жоқ; оны қосыңыз (docs/sync.md қараңыз), мысалы:
cli-sync-report = { $server } серверімен синхрондалды: { $feeds } арна, { $new } жаңа мақала, { $pushed } өзгеріс жіберілді; серверден: { $read } оқылды/оқылмады және { $starred } таңдаулы өзгерісі, { $local } жергілікті өзгеріс сақталды; кезекте { $queued } өзгеріс қалды
refresh-waiting = осы кэшті басқа keruen жаңартып жатыр; оның аяқталуы күтілуде
cli-sync-failed = синхрондау сәтсіз аяқталды: { $error }; { $queued } жергілікті өзгеріс кезекте қалды

## cli — Топ жаңалықтардың «неге» жолы ("12,3 мың рет қаралды · 4 дереккөз · 3 сағат бұрын")

why-sources = { $count } дереккөз
why-views-per-hour = сағатына +{ $shown } рет қаралды

## cli — сілтеме неге ашылмады

open-over-ssh = SSH арқылы кірілген, браузер берілмеген ($BROWSER не ui.browser): сілтеме көшірілді
open-no-desktop = Ашатын жұмыс үстелі жоқ, браузер берілмеген ($BROWSER не ui.browser): сілтеме көшірілді
open-empty-command = Браузер командасы бос: сілтеме көшірілді
open-start-failed = `{ $program }` іске қосылмады: { $error }
open-program-failed = `{ $program }` қатемен аяқталды: { $status }
open-desktop-failed = жұмыс үстелі оны аша алмады: { $error }

## cli — --help

about-keruen = Ұқсас және топ жаңалықтарды көрсететін, RSS, Atom, JSON Feed пен қарапайым HTTP/JSON/HTML жаңалық көздерін оқитын жылдам терминалдық оқырман
about-refresh = Арналарды TUI-сыз жаңартып, әр арна бойынша қорытынды шығару
about-list = Кэштегі мақалалар тізімі, ең жаңасы басында
about-check-config = Баптау файлын тексеру: қатесін, болмаса ішіндегісін көрсету
about-top = Барлық арнадағы топ жаңалықтар танымалдығы бойынша, әрқайсысының неге топта екенімен
about-related = Бір мақалаға ұқсас жаңалықтар (нөмірлері `list --json` көрсеткендей)
about-add = Сайттың арнасын тауып (не арнаның URL-ін алып), баптау файлына қосу
about-import = OPML файлындағы арналарды баптау файлына қосу (қалталар тегке айналады)
about-export = Баптаудағы арналарды OPML 2.0 түрінде шығару (тегтер қалтаға айналады)
about-search = Кэштен толық мәтінді іздеу, ең сәйкесі басында
about-show = Бір мақаланы қарапайым мәтінмен (не --json) шығару: тақырыбы, арнасы, авторы, күні, сілтемесі, мәтіні
about-mark = Мақалаларды оқылды не оқылмаған, таңдаулы не таңдаулы емес деп белгілеу (нөмірлері `list --json` көрсеткендей)
about-open = Мақаланың сілтемесін браузерде ашу (ui.browser, болмаса $BROWSER)
about-download = Мақалаға тіркелген файлды (подкаст шығарылымы, бейне) [media] download_dir қалтасына жүктеп алу; үзілген жүктеуді жалғастырады
about-sync = Оқылған және таңдаулы белгілерін [sync] серверімен синхрондау (tt-rss, Fever, Google Reader API)
about-completions = Командалық қабыққа толықтыру скриптін шығару (мысалы, `keruen completions bash > ~/.local/share/bash-completion/completions/keruen`)
about-man = Анықтамалық бетті шығару (roff; мысалы, `keruen man | man -l -`)
arg-config = Баптау файлы (әдепкісі: жүйенің баптау қалтасындағы keruen/config.toml)
arg-data-dir = Кэш сақталатын қалта (әдепкісі: жүйенің деректер қалтасындағы keruen/)
arg-urls = Арналарды newsboat үлгісіндегі urls файлынан да оқу (әр жолда бір URL, одан кейін тегтері)
arg-help = Анықтаманы көрсету
arg-version = Нұсқасын көрсету
arg-refresh-feed = Тек осы атаулы арнаны уақыты келсе де, келмесе де жаңарту (қайталауға болады)
arg-refresh-names = Осы арналарды уақыты келсе де, келмесе де қазір жаңарту (атауы бойынша)
arg-refresh-all = Барлық арнаны уақыты келсе де, келмесе де жаңарту (онсыз тек уақыты келген арналар жаңарады)
arg-refresh-json = Әр оқиғаны бір жолға бір JSON нысан етіп шығару, соңында қорытынды
arg-list-unread = Тек оқылмаған мақалалар
arg-list-starred = Тек таңдаулы мақалалар
arg-list-feed = Тек осы арнаның мақалалары
arg-list-limit = Мақалалардың ең көп саны
arg-list-json = JSON шығару (мақалалар массиві)
arg-list-count = Сәйкес мақалалардың санын ғана шығару
arg-top-since = Тек осы уақыт ішінде алғаш хабарланған жаңалықтар, мысалы "24h", "7d"
arg-top-tag = Тек осы тегі бар арналардың жаңалықтары
arg-stories-limit = Жаңалықтардың ең көп саны
arg-json = JSON шығару
arg-article = Мақаланың нөмірі
arg-add-url = Арнаның URL-і немесе арнасын табу керек бет
arg-add-name = Арнаның атауы (әдепкісі: арнаның өз тақырыбы, басқалармен қайталанбайтындай етіп)
arg-add-tag = Арнаның тегі (қайталауға болады)
arg-dry-run = Не қосылатынын ғана көрсету
arg-import-file = OPML файлы
arg-search-query = Сөздер (әр сөз ұзын түрлерін де табады: «Алматы» «Алматыда» дегенді де табады), "тырнақшадағы тіркестер", шығарып тастайтын -сөз және сүзгілер: feed:АТАУ tag:ТЕГ unread starred since:7d. Бір аргумент пен бірнеше аргументтің мағынасы бірдей; -сөз алдына `--` керек емес
arg-search-limit = Нәтижелердің ең көп саны
arg-search-json = JSON шығару (нәтижелер массиві; `snippet` ішіндегі сәйкестіктер U+0001 … U+0002 арасында)
arg-show-json = JSON шығару (өрістері, сақталған HTML және қарапайым мәтін)
arg-show-width = Мәтінді осынша бағанның енімен тасымалдау
arg-mark-articles = Мақалалардың нөмірлері
arg-mark-read = Оқылды деп белгілеу
arg-mark-unread = Оқылмаған деп белгілеу
arg-mark-star = Таңдаулыға қосу
arg-mark-unstar = Таңдаулыдан алу
arg-sync-json = Есепті JSON түрінде шығару
arg-sync-read = Алдымен осы мақаланы оқылды деп белгілеу (нөмірлері `list --json` көрсеткендей; қайталауға болады)
arg-sync-unread = Алдымен осы мақаланы оқылмаған деп белгілеу (қайталауға болады)
arg-sync-star = Алдымен осы мақаланы таңдаулыға қосу (қайталауға болады)
arg-sync-unstar = Алдымен осы мақаланы таңдаулыдан алу (қайталауға болады)
arg-shell = Командалық қабық
arg-download-index = Тіркелген файлдардың қайсысы (1 — біріншісі, `show` нөмірлегендей)
heading-usage = Қолданылуы
heading-commands = Командалар
heading-arguments = Аргументтер
heading-options = Опциялар
# Медиа: тіркемелер, жүктеулер, ойнатқыш.
media-audio = Аудио
media-video = Бейне
media-image = Сурет
media-file = Файл
size-bytes = { $n } Б
size-kb = { $n } КБ
size-mb = { $n } МБ
size-gb = { $n } ГБ
speed-per-second = { $size }/с
reader-media = Медиа: { $download } жүктейді, { $play } ойнатады
downloads-title = Жүктеулер
no-downloads = Әзірге ештеңе жүктелмеген: медиасы бар мақалада { $key } оның файлын кезекке қосады
download-queued = кезекте
download-downloading = жүктелуде
download-paused = кідіртілді
download-done = дайын
download-failed = қате: { $error }
queued-for-download = Жүктеу кезегіне қосылды: { $title }
no-media = Бұл мақалада медиа жоқ
no-player = Ойнатқыш көрсетілмеген: баптау файлының [media] бөліміне player = "mpv %u" жазыңыз
playing = Ойнатылуда: { $title }
could-not-play = Ойнатқыш іске қосылмады: { $error }
cmd-download = медианы жүктеу
cmd-play = медианы ойнату
cmd-downloads = жүктеулер
cmd-pause-download = жүктеуді кідірту
download-saved = Сақталды: { $path }
