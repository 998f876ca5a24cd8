# keruen — қазақша интерфейс мәтіндері.
# Терминдер locales/GLOSSARY.md файлында бекітілген.
# Сан есімнен кейін зат есім жекеше тұрады ("5 арна"), сондықтан
# көптік түрлері бірдей.

## Глоссарий сөздері

feeds = Арналар
articles = Мақалалар
unread = оқылмаған
starred = таңдаулы
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

cli-refresh-progress = Жаңартылуда { $done }/{ $total }
cli-refresh-not-modified = { $name }: өзгеріс жоқ
cli-refresh-fetched = { $name }: { $new } жаңа, { $updated } жаңартылды
cli-refresh-failed = { $name }: ҚАТЕ ({ $kind }): { $message }
cli-refresh-summary = { $total } арна, { $secs } с: { $fetched } жүктелді ({ $new } жаңа, { $updated } жаңартылған мақала), { $not_modified } өзгеріссіз, { $failed } қате
cli-refresh-failures = { $count } арна жаңартылмады:
cli-no-feeds = арналар қосылмаған; { $path } файлына [[feeds]] қосыңыз (docs/configuration.md қараңыз)
