# keruen — русские сообщения интерфейса.
# Термины закреплены в locales/GLOSSARY.md.

## Слова глоссария

feeds = Ленты
articles = Статьи
unread = непрочитанные
starred = избранное
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

cli-refresh-progress = Обновление { $done }/{ $total }
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
