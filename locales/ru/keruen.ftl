# keruen — русские сообщения интерфейса.
# Термины закреплены в locales/GLOSSARY.md.

## Слова глоссария

feeds = Ленты
unread = непрочитанные
top-stories = Топ новостей
similar-news = Похожие новости

## Время (в списках кратко, в окне чтения полностью)

time-now = сейчас
time-minutes-short = { $n } мин
time-hours-short = { $n } ч
time-days-short = { $n } дн.
time-minutes-ago = { $n ->
    [one] { $n } минуту назад
    [few] { $n } минуты назад
   *[many] { $n } минут назад
}
time-hours-ago = { $n ->
    [one] { $n } час назад
    [few] { $n } часа назад
   *[many] { $n } часов назад
}
time-days-ago = { $n ->
    [one] { $n } день назад
    [few] { $n } дня назад
   *[many] { $n } дней назад
}
date-day-month = { $day } { $month }
date-day-month-year = { $day } { $month } { $year }
month-1 = января
month-2 = февраля
month-3 = марта
month-4 = апреля
month-5 = мая
month-6 = июня
month-7 = июля
month-8 = августа
month-9 = сентября
month-10 = октября
month-11 = ноября
month-12 = декабря

## Показатели
# После сокращения ("12,3 тыс.") существительное всегда в родительном
# падеже множественного числа: "12,3 тыс. просмотров".

signal-views = { $compact ->
    [yes] { $shown } просмотров
   *[no] { $count ->
        [one] { $shown } просмотр
        [few] { $shown } просмотра
       *[many] { $shown } просмотров
    }
}
signal-comments = { $compact ->
    [yes] { $shown } комментариев
   *[no] { $count ->
        [one] { $shown } комментарий
        [few] { $shown } комментария
       *[many] { $shown } комментариев
    }
}
signal-points = { $compact ->
    [yes] { $shown } баллов
   *[no] { $count ->
        [one] { $shown } балл
        [few] { $shown } балла
       *[many] { $shown } баллов
    }
}
number-thousands = { $n } тыс.
number-millions = { $n } млн
number-billions = { $n } млрд

## keruen refresh

refresh-progress = Обновление { $done }/{ $total }
cli-refresh-not-modified = { $name }: без изменений
cli-refresh-fetched = { $name }: новых { $new }, обновлено { $updated }
cli-refresh-failed = { $name }: ОШИБКА ({ $kind }): { $message }
cli-refresh-summary = { $total ->
    [one] { $total } лента
    [few] { $total } ленты
   *[many] { $total } лент
} за { $secs } с: загружено { $fetched } (новых статей { $new }, обновлено { $updated }), без изменений { $not_modified }, с ошибкой { $failed }
cli-refresh-failures = { $count ->
    [one] Не удалось обновить { $count } ленту:
    [few] Не удалось обновить { $count } ленты:
   *[many] Не удалось обновить { $count } лент:
}
cli-refresh-not-due = пропущено лент, которые ещё рано обновлять: { $count } (--all обновляет все ленты)
cli-no-feeds = ленты не настроены; добавьте [[feeds]] в { $path } (см. docs/configuration.md)

## Lists and panes

all-articles = Все статьи
all-articles-row = Все статьи
article = Статья
loading = Загрузка…
no-match = Нет совпадений
no-article-matches = Нет статей, подходящих под фильтр
no-articles-yet = Статей пока нет: нажмите { $key }, чтобы обновить
unread-count = { $count ->
    [one] { $count } непрочитанная
   *[other] { $count } непрочитанных
}

## Top stories

top-title = { top-stories } · { $days ->
    [one] { $days } день
    [few] { $days } дня
   *[many] { $days } дней
} ({ $count })
ranking = Составляется рейтинг…
no-story-matches = Нет новостей, подходящих под фильтр
no-stories = { $days ->
    [one] За последний { $days } день
    [few] За последние { $days } дня
   *[many] За последние { $days } дней
} новостей нет: нажмите { $key }, чтобы обновить
no-tags = Ни у одной ленты нет тегов (задайте tags в разделе [[feeds]] файла настроек)
no-unread-stories = Непрочитанных новостей нет
no-related = Похожих новостей нет
same-story = Эта же новость в других источниках
related-loading = Ищем похожие новости…

## Search

search = Поиск
search-title = Поиск: { $query } ({ $count })
searching = Идёт поиск…
search-unindexed = ещё не проиндексировано: { $count }
search-fix-query = Нажмите { $key }, чтобы исправить запрос.
search-nothing = Ничего не найдено: уберите лишние слова или введите начало слова (парламент → парл)
search-help-words = Введите слова для поиска в заголовках, авторах и тексте, затем Enter.
search-help-filters = Фильтры: feed:ИМЯ tag:ТЕГ unread starred since:7d
search-help-phrases = "два слова" ищет фразу целиком; -слово исключает статьи с этим словом.
no-unread-results = Непрочитанных результатов нет

## Status bar

hint-search-prompt = Enter поиск · Esc отмена
hint-filter-prompt = Enter оставить · Esc сбросить
hint-open = открыть
hint-refresh = обновить
hint-help = справка
hint-quit = выход
hint-read = читать
hint-star = в избранное
hint-browser = браузер
hint-next = далее
hint-related = похожие
hint-back = назад
hint-toggle-read = прочитано/нет
hint-tag = тег
hint-filter = фильтр
hint-edit-query = изменить запрос
hint-next-unread = следующая непрочитанная
hint-copy = копировать
hint-more = подробнее
hint-pick = { $keys } выбрать
hint-open-key = { $key } открыть

## Notices and errors

refresh-running = Обновление уже идёт
no-unread-articles = Непрочитанных статей нет
refreshed = Обновлено лент: { $count }, новых статей: { $new }
refreshed-failed = Обновлено лент: { $count }, новых статей: { $new }, с ошибкой: { $failed }
cache-error = кэш: { $error }
upgrading-cache = Обновление кэша { $path } (схема { $from } → { $to }), один раз; большой кэш займёт несколько секунд…
copied = Скопировано: { $url }
opened = Открыто: { $url }
mark-feed-from-list = Отметить ленту прочитанной можно из списка статей
no-link-to-open = Нет ссылки для открытия
no-link-to-copy = Нет ссылки для копирования
images-off = Картинки отключены (ui.images = "off" в файле настроек)
no-images = В этой статье нет картинок
image-loading = Загрузка картинки { $n } из { $total }…
image-caption = Картинка { $n } из { $total }
image-failed = Картинка { $n } из { $total }: { $error }
image-fetch-failed = не удалось загрузить ({ $error })
image-too-large = заявлен размер { $width } × { $height } пикселей — слишком много для декодирования
image-unsupported = это не картинка PNG, JPEG, GIF или WebP
image-tiny = это пиксель для отслеживания, не показан
image-damaged = файл повреждён ({ $error })
copy-failed = не удалось скопировать: { $error }
refresh-failed = обновление не удалось: { $error }
refresh-stopped = обновление неожиданно прервалось

## The reader

no-text-in-feed = (в ленте нет текста; нажмите { $key }, чтобы открыть страницу)
preparing-text = (текст готовится…)

## Help: one line per command

help-title = Клавиши — любая клавиша закрывает
help-title-scrolls = Клавиши — j/k прокрутка, остальные закрывают
help-place = { $first }–{ $last } из { $total }
cmd-add-feed = добавить ленту (URL)
cmd-import-opml = импорт файла OPML
cmd-undo = отменить отметку «прочитано»
cmd-show-message = сообщение целиком
cmd-show-image = картинки статьи
cmd-up = вверх
cmd-down = вниз
cmd-page-up = страница вверх
cmd-page-down = страница вниз
cmd-top = в начало
cmd-bottom = в конец
cmd-next-pane = следующая панель
cmd-prev-pane = предыдущая панель
cmd-open = открыть / читать
cmd-back = назад / снять фильтр
cmd-quit = закрыть статью / выход
cmd-force-quit = выйти сразу
cmd-refresh = обновить эту ленту
cmd-refresh-all = обновить все ленты
cmd-toggle-read = прочитано / не прочитано
cmd-mark-feed-read = отметить ленту прочитанной
cmd-toggle-star = в избранное / убрать
cmd-open-in-browser = открыть в браузере
cmd-copy-url = копировать ссылку
cmd-next-unread = следующая непрочитанная
cmd-prev-unread = предыдущая непрочитанная
cmd-filter = фильтр списка
cmd-help = эта справка
cmd-top-stories = топ новостей
cmd-next-related = следующая похожая
cmd-prev-related = предыдущая похожая
cmd-cycle-tag = топ: следующий тег
cmd-search = поиск по всем лентам

## First start, prompts and popups

welcome-title = Добро пожаловать в keruen
welcome-no-feeds = Лент пока нет. keruen читает их из файла настроек:
welcome-not-created = (ещё не создан: появится, когда вы добавите ленту)
welcome-add = добавить ленту: введите адрес сайта или ленты, keruen сам найдёт ленту
welcome-import = импортировать ленты из другой читалки (файл OPML)
welcome-help = все клавиши
welcome-by-hand = Или добавьте ленту в файл вручную:
hint-add = добавить
hint-import = импорт
prompt-add-feed = Добавить ленту (URL сайта или ленты):
prompt-import = Импорт файла OPML (путь):
prompt-mark-all = Отметить прочитанными { $unread ->
    [one] { $unread } непрочитанную статью
    [few] { $unread } непрочитанные статьи
   *[many] { $unread } непрочитанных статей
} во всех лентах? y/n
prompt-mark-one = Отметить прочитанными { $unread ->
    [one] { $unread } непрочитанную статью
    [few] { $unread } непрочитанные статьи
   *[many] { $unread } непрочитанных статей
} в этой ленте? y/n
prompt-mark-feeds = Отметить прочитанными { $unread ->
    [one] { $unread } непрочитанную статью
    [few] { $unread } непрочитанные статьи
   *[many] { $unread } непрочитанных статей
} в лентах ({ $feeds })? y/n
hint-confirm = y да · любая клавиша нет
hint-prompt = Enter ок · Esc отмена
wait-task = Подождите: { $task }
nothing-marked = Ничего не отмечено
could-not-add = Не удалось добавить
could-not-open = Не удалось открыть ссылку
status-title = Сообщение
no-message = Сообщений нет
no-feeds-to-refresh = Обновлять пока нечего: { $key } добавляет ленту
marked-read = Отмечено прочитанными: { $n } ({ $key } — отменить)
marked-unread-again = Снова непрочитанными: { $n }
nothing-to-undo = Нечего отменять

## cli — команды терминала (keruen list, search, top, show…)

cli-error = keruen: ошибка: { $error }
cli-note = keruen: примечание: { $note }
cli-none = (нет)
cli-cache-empty = кэш { $path } пуст; сначала запустите `keruen refresh`
cli-no-feed-in-cache = в кэше нет ленты «{ $name }»
cli-no-feed-in-config = в файле настроек нет ленты «{ $name }»; есть ленты: { $known }
cli-urls-unreadable = не удалось прочитать файл urls { $path }
cli-urls-name-taken = { $path }: имя ленты «{ $name }» уже занято в файле настроек; переименуйте одну из них
cli-read-failed = не удалось прочитать { $path }
cli-tui-no-config = keruen: файла настроек { $path } нет, используются встроенные настройки по умолчанию; чтобы добавить ленты, создайте его
cli-config-ok = { $path }: ошибок нет
cli-config-defaults = файла настроек { $path } нет; используются встроенные настройки по умолчанию. Положите туда свой файл настроек (см. docs/configuration.md).
cli-config-feeds = { $count ->
    [one] { $count } лента:
    [few] { $count } ленты:
   *[many] { $count } лент:
}
cli-config-cache = кэш: { $path }
cli-config-next-due = следующее обновление: { $when } ({ $reason })
cli-config-due-now = пора обновить ({ $reason })
cli-search-no-matches = ничего не найдено
cli-search-no-feed = feed:{ $name } — такой ленты нет; ленты в кэше: { $feeds }
cli-search-no-tag = tag:{ $tag } — такого тега нет ни у одной ленты; используемые теги: { $tags }
cli-search-empty = пустой запрос; напишите слова для поиска после `keruen search`
cli-search-needs-number = после { $flag } нужно число
cli-search-not-a-number = { $flag } { $value }: это не число (укажите, сколько результатов показать)
cli-top-none = за этот период новостей нет
cli-related-to = Новости, похожие на «{ $title }»:
cli-related-none = Похожих новостей нет: за последние { $days ->
    [one] { $days } день
    [few] { $days } дня
   *[many] { $days } дней
} не нашлось ничего достаточно похожего.
cli-related-too-old = статья { $id } старше периода, в котором ищутся похожие новости ({ $days ->
    [one] { $days } день
    [few] { $days } дня
   *[many] { $days } дней
})
cli-show-feed = Лента
cli-show-author = Автор
cli-show-date = Дата
cli-show-link = Ссылка
cli-show-id = Номер
cli-marked-read = { $count ->
    [one] { $count } статья отмечена как прочитанная
    [few] { $count } статьи отмечены как прочитанные
   *[many] { $count } статей отмечены как прочитанные
}
cli-marked-unread = { $count ->
    [one] { $count } статья отмечена как непрочитанная
    [few] { $count } статьи отмечены как непрочитанные
   *[many] { $count } статей отмечены как непрочитанные
}
cli-marked-starred = { $count ->
    [one] { $count } статья добавлена в избранное
    [few] { $count } статьи добавлены в избранное
   *[many] { $count } статей добавлены в избранное
}
cli-marked-unstarred = { $count ->
    [one] { $count } статья убрана из избранного
    [few] { $count } статьи убраны из избранного
   *[many] { $count } статей убраны из избранного
}
cli-not-opened = keruen: не открыто ({ $reason }); ссылка:
cli-no-link = у статьи { $id } нет ссылки, которую можно открыть
cli-open-failed = { $error } (при открытии { $url })
cli-add-direct = адрес — это сама лента
cli-add-link-tag = указана на странице { $page } через <link rel="alternate">
cli-add-common-path = найдена по обычному для лент пути на { $page }
cli-add-found = найдено: { $title } ({ $items ->
    [one] { $items } запись
    [few] { $items } записи
   *[many] { $items } записей
}), адрес: { $url }
cli-add-untitled = (лента без названия)
cli-add-also = на странице есть ещё: { $url }
cli-add-present = уже есть в файле настроек под именем «{ $name }»; ничего не добавлено
cli-would-add = в { $path } было бы добавлено:
cli-added = лента «{ $name }» добавлена в { $path }
cli-import-skipped = пропущено: { $what }
cli-import-nothing = импортировать нечего ({ $present ->
    [one] { $present } лента уже есть
    [few] { $present } ленты уже есть
   *[many] { $present } лент уже есть
} в файле настроек)
cli-imported = в { $path } импортировано лент: { $count } (уже были: { $present }, пропущено: { $skipped })
cli-not-exported = не экспортировано (другим программам чтения лент это не подойдёт): { $what }
cli-sync-no-table = в { $path } нет таблицы [sync]; добавьте её (см. docs/sync.md), например:
cli-sync-report = синхронизировано с { $server }: лент { $feeds }, новых статей { $new }, отправлено изменений { $pushed }; с сервера: прочитано/непрочитано { $read }, избранное { $starred }, оставлено локальных { $local }; в очереди { $queued }
refresh-waiting = этот кэш обновляет другой keruen; ждём, пока он закончит
cli-sync-failed = синхронизация не удалась: { $error }; локальных изменений в очереди: { $queued }

## cli — строка «почему» в топе ("12,3 тыс. просмотров · 4 источника · 3 часа назад")

why-sources = { $count ->
    [one] { $count } источник
    [few] { $count } источника
   *[many] { $count } источников
}
why-views-per-hour = { $compact ->
    [yes] +{ $shown } просмотров в час
   *[no] { $count ->
        [one] +{ $shown } просмотр в час
        [few] +{ $shown } просмотра в час
       *[many] +{ $shown } просмотров в час
    }
}

## cli — почему ссылка не открылась

open-over-ssh = Вход по SSH, браузер не задан ($BROWSER или ui.browser): ссылка скопирована
open-no-desktop = Нет рабочего стола и не задан браузер ($BROWSER или ui.browser): ссылка скопирована
open-empty-command = Пустая команда браузера: ссылка скопирована
open-start-failed = не удалось запустить `{ $program }`: { $error }
open-program-failed = `{ $program }` завершился с ошибкой: { $status }
open-desktop-failed = рабочий стол не смог её открыть: { $error }

## cli — --help

about-keruen = Быстрая терминальная программа для чтения новостей из RSS, Atom, JSON Feed и простых HTTP/JSON/HTML-источников, с похожими новостями и топом новостей
about-refresh = Обновить ленты без TUI и вывести итог по каждой ленте
about-list = Список статей из кэша, новые сверху
about-check-config = Проверить файл настроек: показать ошибки или то, что в нём есть
about-top = Топ новостей из всех лент по популярности, с объяснением, почему они в топе
about-related = Новости, похожие на одну статью (номера — как в `list --json`)
about-add = Найти ленту сайта (или взять URL ленты) и добавить её в файл настроек
about-import = Добавить ленты из файла OPML в файл настроек (папки становятся тегами)
about-export = Вывести ленты из настроек в формате OPML 2.0 (теги становятся папками)
about-search = Полнотекстовый поиск по кэшу, лучшие совпадения сверху
about-show = Вывести одну статью простым текстом (или --json): заголовок, лента, автор, дата, ссылка, текст
about-mark = Отметить статьи прочитанными или непрочитанными, добавить в избранное или убрать (номера — как в `list --json`)
about-open = Открыть ссылку статьи в браузере (ui.browser, иначе $BROWSER)
about-download = Скачать файл статьи (выпуск подкаста, видео) в папку [media] download_dir; прерванная загрузка продолжается
about-sync = Синхронизировать отметки о прочтении и избранное с сервером из [sync] (tt-rss, Fever, Google Reader API)
about-completions = Вывести скрипт автодополнения для оболочки (например, `keruen completions bash > ~/.local/share/bash-completion/completions/keruen`)
about-man = Вывести страницу руководства (roff; например, `keruen man | man -l -`)
arg-config = Файл настроек (по умолчанию: keruen/config.toml в системной папке настроек)
arg-data-dir = Где хранится кэш (по умолчанию: keruen/ в системной папке данных)
arg-urls = Читать ленты ещё и из файла urls в стиле newsboat (по одному URL в строке, после него теги)
arg-help = Показать справку
arg-version = Показать версию
arg-refresh-feed = Обновить только ленту с этим именем, пора или нет (можно повторять)
arg-refresh-names = Обновить эти ленты сейчас, пора или нет (по имени)
arg-refresh-all = Обновить все ленты, пора или нет (без этого — только те, которые пора обновить)
arg-refresh-json = Выводить по одному объекту JSON на строку (события), в конце итог
arg-list-unread = Только непрочитанные статьи
arg-list-starred = Только избранные статьи
arg-list-feed = Только статьи этой ленты
arg-list-limit = Наибольшее число статей
arg-list-json = Вывести JSON (массив статей)
arg-list-count = Вывести только число подходящих статей
arg-top-since = Только новости, впервые появившиеся за это время, например "24h", "7d"
arg-top-tag = Только новости из лент с этим тегом
arg-stories-limit = Наибольшее число новостей
arg-json = Вывести JSON
arg-article = Номер статьи
arg-add-url = URL ленты или страница, на которой нужно найти ленту
arg-add-name = Имя ленты (по умолчанию: заголовок ленты, с изменением, если такое имя уже есть)
arg-add-tag = Тег ленты (можно повторять)
arg-dry-run = Только показать, что было бы добавлено
arg-import-file = Файл OPML
arg-search-query = Слова (каждое находит и более длинные формы: «Алматы» находит «Алматыда»), "фразы в кавычках", -слово, чтобы исключить, и фильтры: feed:ИМЯ tag:ТЕГ unread starred since:7d. Один аргумент или несколько — одно и то же; перед -словом `--` не нужен
arg-search-limit = Наибольшее число результатов
arg-search-json = Вывести JSON (массив результатов; совпадения в `snippet` обрамлены U+0001 … U+0002)
arg-show-json = Вывести JSON (поля, сохранённый HTML и простой текст)
arg-show-width = Переносить текст по этой ширине (в колонках)
arg-mark-articles = Номера статей
arg-mark-read = Отметить прочитанными
arg-mark-unread = Отметить непрочитанными
arg-mark-star = Добавить в избранное
arg-mark-unstar = Убрать из избранного
arg-sync-json = Вывести отчёт в JSON
arg-sync-read = Сначала отметить эту статью прочитанной (номера — как в `list --json`; можно повторять)
arg-sync-unread = Сначала отметить эту статью непрочитанной (можно повторять)
arg-sync-star = Сначала добавить эту статью в избранное (можно повторять)
arg-sync-unstar = Сначала убрать эту статью из избранного (можно повторять)
arg-shell = Оболочка
arg-download-index = Какой из файлов статьи (1 — первый, как нумерует `show`)
heading-usage = Использование
heading-commands = Команды
heading-arguments = Аргументы
heading-options = Параметры
# Медиа: вложения, загрузки, проигрыватель.
media-audio = Аудио
media-video = Видео
media-image = Изображение
media-file = Файл
size-bytes = { $n } Б
size-kb = { $n } КБ
size-mb = { $n } МБ
size-gb = { $n } ГБ
speed-per-second = { $size }/с
reader-media = Медиа: { $download } скачивает, { $play } воспроизводит
downloads-title = Загрузки
no-downloads = Пока ничего не скачано: { $key } в статье с медиа ставит её файл в очередь
download-queued = в очереди
download-downloading = загружается
download-paused = приостановлено
download-done = готово
download-failed = ошибка: { $error }
queued-for-download = Добавлено в загрузки: { $title }
no-media = В этой статье нет медиа
no-player = Проигрыватель не задан: добавьте player = "mpv %u" в раздел [media] файла настроек
playing = Воспроизводится: { $title }
could-not-play = Не удалось запустить проигрыватель: { $error }
cmd-download = скачать медиа
cmd-play = воспроизвести медиа
cmd-downloads = загрузки
cmd-pause-download = пауза загрузки
download-saved = Сохранено: { $path }
