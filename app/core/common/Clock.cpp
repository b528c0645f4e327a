#include "common/Clock.h"

namespace ow {

const SystemClock &SystemClock::instance()
{
    static const SystemClock clock;
    return clock;
}

namespace {

// The value of `count` decimal digits at `at`, or -1.
int digits(QStringView text, qsizetype at, int count)
{
    int value = 0;
    for (int i = 0; i < count; ++i) {
        const char16_t c = text[at + i].unicode();
        if (c < u'0' || c > u'9')
            return -1;
        value = value * 10 + (c - u'0');
    }
    return value;
}

} // namespace

QDateTime parseUtcTime(QStringView text)
{
    // yyyy-MM-ddTHH:mm:ssZ (20) or yyyy-MM-ddTHH:mm:ss.zzzZ (24)
    if ((text.size() != 20 && text.size() != 24) || text[4] != u'-' || text[7] != u'-' || text[10] != u'T' ||
        text[13] != u':' || text[16] != u':' || text.back() != u'Z')
        return {};
    if (text.size() == 24 && text[19] != u'.')
        return {};
    const int year = digits(text, 0, 4);
    const int month = digits(text, 5, 2);
    const int day = digits(text, 8, 2);
    const int hour = digits(text, 11, 2);
    const int minute = digits(text, 14, 2);
    const int second = digits(text, 17, 2);
    const int ms = text.size() == 24 ? digits(text, 20, 3) : 0;
    if (year < 0 || month < 0 || day < 0 || hour < 0 || minute < 0 || second < 0 || ms < 0)
        return {};
    const QDate date(year, month, day);
    const QTime time(hour, minute, second, ms);
    if (!date.isValid() || !time.isValid())
        return {};
    return QDateTime(date, time, Qt::UTC);
}

} // namespace ow
