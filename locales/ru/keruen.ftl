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
related-loading = Ищем похожие новости…

## Search

search = Поиск
search-title = Поиск: { $query } ({ $count })
searching = Идёт поиск…
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
copied = Скопировано: { $url }
opened = Открыто: { $url }
mark-feed-from-list = Отметить ленту прочитанной можно из списка статей
no-link-to-open = Нет ссылки для открытия
no-link-to-copy = Нет ссылки для копирования
copy-failed = не удалось скопировать: { $error }
refresh-failed = обновление не удалось: { $error }
refresh-stopped = обновление неожиданно прервалось

## The reader

no-text-in-feed = (в ленте нет текста; нажмите { $key }, чтобы открыть страницу)

## Help: one line per command

help-title = Клавиши — любая клавиша закрывает
help-title-scrolls = Клавиши — j/k прокрутка, остальные закрывают
help-place = { $first }–{ $last } из { $total }
cmd-add-feed = добавить ленту (URL)
cmd-import-opml = импорт файла OPML
cmd-undo = отменить отметку «прочитано»
cmd-show-message = сообщение целиком
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
