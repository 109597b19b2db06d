// The sentences of problem codes (zx/core/problem_codes.inc) in Chinese and
// English: templates over each code's parameters and {field}, filled in by
// client/messages.cpp. Kept in the order of the codes; the static_asserts
// check the count and the order at compile time.
#include "i18n.hpp"

#include <iterator>

namespace zx::client {

namespace {

// One sentence per problem code (zx/core/problem_codes.inc), in that order.
struct ProblemEntry {
    Code code;
    const char* zh;
    const char* en;
};
constexpr ProblemEntry kProblems[] = {
    {Code::required, "请填写“{field}”", "{field} is required"},
    {Code::too_long, "“{field}”太长了：最多 {max} 字节", "{field} is too long: at most {max} bytes"},
    {Code::too_short, "“{field}”太短了：至少 {min} 个字符", "{field} is too short: at least {min} characters"},
    {Code::too_many, "“{field}”太多了：最多 {max} 项", "Too many {field}: at most {max}"},
    {Code::wrong_type, "“{field}”的类型不对（应为 {expected}）", "{field} has the wrong type (expected {expected})"},
    {Code::out_of_range, "“{field}”的值 {value} 不在 {min} 到 {max} 之间", "{field}: {value} is not within {min} to {max}"},
    {Code::not_a_date, "“{value}”不是有效日期（格式 YYYY-MM-DD）", "\"{value}\" is not a date (YYYY-MM-DD)"},
    {Code::not_a_time, "“{value}”不是有效时间（格式 HH:MM，例如 08:30）", "\"{value}\" is not a time (HH:MM, such as 08:30)"},
    {Code::not_a_number, "“{field}”的值“{value}”不是数字", "{field}: \"{value}\" is not a number"},
    {Code::not_an_id, "“{value}”不是有效的编号（1–64 个字母、数字、- 或 _）", "\"{value}\" is not a valid id (1-64 letters, digits, - or _)"},
    {Code::not_a_link, "“{value}”不是以 http:// 或 https:// 开头的链接", "\"{value}\" is not a link starting with http:// or https://"},
    {Code::unknown_value, "“{field}”的值“{value}”无法识别（可用：{allowed}）", "{field}: \"{value}\" is not known (use one of: {allowed})"},
    {Code::duplicate, "“{value}”重复了", "\"{value}\" appears twice"},
    {Code::ends_before_start, "“{field}”的结束（{end}）不晚于开始（{start}）", "{field} ends ({end}) before it starts ({start})"},
    {Code::malformed, "内容无法读取：{detail}", "The content cannot be read: {detail}"},
    {Code::unknown_key, "“{field}”中有无法识别的项“{key}”", "{field} has an unknown entry \"{key}\""},
    {Code::unknown_collection, "未知的数据类型“{collection}”", "Unknown kind of record \"{collection}\""},
    {Code::server_only_collection, "“{collection}”只能由服务器写入", "\"{collection}\" records are written by the server only"},
    {Code::unknown_field, "未知的字段“{field}”", "Unknown field \"{field}\""},
    {Code::server_only_field, "“{field}”由服务器设置，不能在这里修改", "{field} is set by the server and cannot be changed here"},
    {Code::no_fields, "这项修改没有写入任何内容", "This change writes nothing"},
    {Code::not_a_clock, "时间戳“{value}”无效", "\"{value}\" is not a valid timestamp"},
    {Code::base_not_body, "“{field}”的版本信息无效", "The version of {field} is not valid"},
    {Code::too_many_changes, "一次同步了 {count} 项修改，超过了 {max} 项的上限", "{count} changes in one batch, more than the limit of {max}"},
    {Code::clock_ahead, "本机时间比服务器快了一天以上：请检查设备的日期和时间", "This device's clock is more than a day ahead of the server: check its date and time"},
    {Code::schema_too_old, "这个版本的知行太旧（数据版本 {have}），请更新后再同步", "This version of Zhixing is too old (data version {have}); update it to sync"},
    {Code::schema_too_new, "服务器的版本比这个应用旧（数据版本 {have}），请联系管理员更新服务器", "The server is older than this app (data version {have}); ask your administrator to update it"},
    {Code::store_newer, "本机数据由更新版本的知行写入（数据版本 {have}），请更新应用", "The data on this device was written by a newer Zhixing (data version {have}); update the app"},
    {Code::change_too_large, "这项修改有 {size_kb} KB，超过了一次能同步的 {max_kb} KB：请分成几部分保存", "This change is {size_kb} KB, more than the {max_kb} KB one change can carry: save it in parts"},
    {Code::too_deep, "“{field}”的数组和对象嵌套超过了 {max} 层，无法读取", "{field} nests arrays and objects deeper than {max} levels and cannot be read"},
    {Code::username_chars, "用户名只能使用 a–z、0–9、_、. 和 -", "A user name may use only a-z, 0-9, '_', '.' and '-'"},
    {Code::bad_credentials, "用户名或密码错误", "Wrong user name or password"},
    {Code::username_taken, "用户名“{value}”已被使用", "The user name \"{value}\" is taken"},
    {Code::sign_in_required, "请先登录", "Sign in first"},
    {Code::session_expired, "登录已过期，请重新登录", "The session has expired; sign in again"},
    {Code::session_invalid, "登录已失效，请重新登录", "The session is no longer valid; sign in again"},
    {Code::role_required, "只有{role}可以进行此操作", "Only a {role} can do this"},
    {Code::unknown_class_code, "没有班级使用加入码“{value}”", "No class has the join code \"{value}\""},
    {Code::unknown_guardian_code, "绑定码“{value}”不存在、已使用或已过期", "The guardian code \"{value}\" is unknown, used or expired"},
    {Code::too_many_attempts, "登录失败次数过多，请 {retry_after} 秒后再试", "Too many failed sign-ins; try again in {retry_after} seconds"},
    {Code::server_busy, "服务器正忙，请 {retry_after} 秒后再试", "The server is busy; try again in {retry_after} seconds"},
    {Code::invitation_required, "注册教师账号需要学校的邀请码", "Registering as a teacher needs an invitation code from your school"},
    {Code::unknown_invitation, "邀请码“{value}”不存在、已使用或已过期", "The invitation code \"{value}\" is unknown, used or expired"},
    {Code::teacher_unverified, "这个教师账号尚未通过学校邀请认证，暂时不能进行此操作", "This teacher account has not been confirmed by a school invitation and cannot do this yet"},
    {Code::wrong_password, "当前密码不正确", "The current password is wrong"},
    {Code::class_code_expired, "班级加入码“{value}”已过期，请向老师索取新的加入码", "The class code \"{value}\" has expired; ask your teacher for the new one"},
    {Code::not_found, "找不到 {collection}/{id}", "{collection}/{id} does not exist"},
    {Code::not_allowed, "没有权限进行此操作", "You may not do this"},
    {Code::conflict, "“{value}”已被占用", "\"{value}\" is already in use"},
    {Code::rate_limited, "操作过于频繁，请 {retry_after} 秒后再试", "Too many requests; try again in {retry_after} seconds"},
    {Code::leader_not_teacher, "{value} 不是本次行程所属班级或学校的老师，不能担任带队老师", "{value} is not a teacher of the trip's class or school and cannot lead it"},
    {Code::rating_needs_trip, "只能评价本班已经进行、有学生参加的行程（{trip}）", "Only a past trip of your class with students taking part can be rated ({trip})"},
    {Code::already_reviewed, "作业已批改，不能再修改", "This work has been reviewed and can no longer be changed"},
    {Code::not_submitted, "学生还没有提交这份作业，暂时不能批改", "This work has not been submitted yet and cannot be reviewed"},
    {Code::too_many_streams, "已打开 {max} 个实时连接，请 {retry_after} 秒后再试", "{max} live connections are open already; try again in {retry_after} seconds"},
    {Code::streams_full, "服务器实时连接已满，暂时改为定时同步", "The server's live connections are full; syncing on a timer for now"},
    {Code::weeks_need_term, "单双周从学期第一周算起：请先设置学期", "Odd and even weeks count from the term's first week: set the term first"},
    {Code::weekly_needs_start, "每周重复的安排需要学期或起始日期", "A weekly entry needs a term or a first date"},
    {Code::one_off_needs_date, "单次安排需要日期", "A one-off entry needs a date"},
    {Code::rubric_line, "评分标准“{value}”应写成“标准|分值”，分值大于 0", "Rubric line \"{value}\" must read \"criterion|points\" with points above 0"},
    {Code::ics_not_calendar, "这不是 iCalendar（.ics）文件", "This is not an iCalendar (.ics) file"},
    {Code::ics_no_start, "事件缺少开始时间（DTSTART）", "An event has no start time (DTSTART)"},
    {Code::ics_no_end, "事件没有结束标记（END:VEVENT）", "An event has no END:VEVENT"},
    {Code::ics_bad_value, "{field}“{value}”无法读取", "{field} \"{value}\" cannot be read"},
    {Code::ics_unsupported, "不支持 {field}={value}", "{field}={value} is not supported"},
    {Code::calc_unexpected, "第 {position} 个字符“{value}”无法识别", "Unexpected \"{value}\" at position {position}"},
    {Code::calc_incomplete, "算式不完整", "The expression ends too early"},
    {Code::calc_missing_paren, "第 {position} 个字符处缺少“)”", "A \")\" is missing at position {position}"},
    {Code::calc_unknown_name, "未知的函数或常数“{value}”", "Unknown function or constant \"{value}\""},
    {Code::calc_division_by_zero, "不能除以零", "Division by zero"},
    {Code::calc_domain, "{value} 超出了定义域", "{value} is outside its domain"},
    {Code::calc_too_large, "结果太大", "The result is too large"},
    {Code::note_too_long, "正文有 {size_kb} KB，超过了 {max_kb} KB 的上限，未保存。文字仍在编辑框中，请拆分为几篇笔记。", "The text is {size_kb} KB, over the {max_kb} KB limit, and was not saved. It is still in the editor; split it into several notes."},
    {Code::base_delisted, "{base} 已下架，不能安排行程", "{base} has been delisted and cannot be planned"},
    {Code::base_suspended, "{base} 已暂停开放，不能安排行程", "{base} is suspended and cannot be planned"},
    {Code::base_not_open, "{base} 目前{status}", "{base} is {status} for now"},
    {Code::base_closed_date, "{base} 在 {date} 闭馆", "{base} is closed on {date}"},
    {Code::base_closed_weekday, "{base} 每{weekday}闭馆，{date} 正是{weekday}", "{base} is closed every {weekday}, and {date} is one"},
    {Code::stop_outside_hours, "第 {stop} 站 {arrive}–{leave} 不在 {base} 的开放时间 {open}–{close} 内", "Stop {stop}: {arrive}-{leave} is outside the opening hours of {base}, {open}-{close}"},
    {Code::trip_outside_hours, "{base} 开放时间为 {open}–{close}，不在行程的 {start}–{end} 之内", "{base} is open {open}-{close}, not during the trip's {start}-{end}"},
    {Code::trip_before_route, "行程 {start} 出发，晚于线路第一站的到达时间 {arrive}", "The trip starts at {start}, after the route's first stop at {arrive}"},
    {Code::trip_after_route, "行程 {end} 结束，早于线路最后一站的离开时间 {leave}", "The trip ends at {end}, before the route's last stop is left at {leave}"},
    {Code::trip_no_stops, "行程还没有站点：请选择线路或在地图上添加基地", "The trip has no stops: pick a route or add bases on the map"},
    {Code::trip_no_students, "班级里还没有学生", "The class has no students yet"},
    {Code::route_unknown, "找不到线路“{value}”", "No route \"{value}\""},
    {Code::route_and_bases, "请从线路或从所选基地安排行程，不能同时使用", "Plan the trip from a route or from picked bases, not both"},
    {Code::stop_same_base, "第 {stop} 站：连续两站是同一个基地（{value}）", "Stop {stop}: base {value} is visited twice in a row"},
    {Code::stop_too_early, "第 {stop} 站：{arrive} 到达，早于从上一站 {leave} 出发、行程 {travel} 分钟后能到的时间", "Stop {stop}: arrives at {arrive}, before the {travel}-minute leg from {leave} can get there"},
    {Code::reason_required, "暂停或下架基地需要填写原因", "Suspending or delisting a base needs a reason"},
    {Code::csv_quote, "第 {column} 列的引号有误", "A quote in column {column} is wrong"},
    {Code::csv_field_count, "这一行有 {count} 列，表头有 {expected} 列", "The row has {count} fields; the header has {expected}"},
    {Code::position_outside, "坐标（纬度 {lat}，经度 {lon}）在{region}之外", "The position (lat {lat}, lon {lon}) is outside {region}"},
    {Code::position_swapped, "纬度和经度似乎填反了（纬度 {lat}，经度 {lon}）", "Latitude and longitude look swapped (lat {lat}, lon {lon})"},
    {Code::already_rated, "您已评价过行程 {trip} 中的这个基地，可以修改原来的评价", "You already rated this base for trip {trip}; edit that rating instead"},
    {Code::trip_not_over, "行程 {trip}（{date}）还没有进行，行程结束后才能评价", "Trip {trip} on {date} has not happened yet; rate its bases after the trip"},
    {Code::ics_time_zone, "时区“{value}”不是固定时差，无法换算成北京时间", "Time zone \"{value}\" has no fixed offset, so it cannot be converted to China time"},
    {Code::ics_too_many, "“{value}”重复超过 {max} 次，请拆分或缩短后再导入", "\"{value}\" repeats more than {max} times; split or shorten it first"},
    {Code::consent_hash_mismatch, "同意书的内容与其摘要不符，请重新打开后再试", "The consent form's text does not match its digest; open it again and retry"},
    {Code::consent_stale, "老师已修改了行程 {trip} 的同意书，请阅读新内容后重新回复", "The teachers changed the consent form of trip {trip}; read the new text and answer again"},
    {Code::consent_closed, "行程 {trip}（{date}）已经开始，不能再回复或撤回同意", "Trip {trip} ({date}) has started; answers can no longer be given or withdrawn"},
    {Code::consent_missing, "{student} 还没有家长对行程 {trip} 的同意，不能签到", "{student} has no guardian's consent for trip {trip}, so cannot check in"},
    {Code::trip_unaccounted, "还有 {count} 名学生下落未确认（{names}），行程不能结束", "{count} students are unaccounted for ({names}); the trip cannot be closed"},
    {Code::not_on_roster, "今天到访本基地的行程名单里没有学号 {value}", "No student on today's trips here has the number {value}"},
    {Code::card_other_school, "这张卡属于其他学校，今天没有该校的行程到访本基地", "This card belongs to another school, which has no trip here today"},
    {Code::trip_not_here_today, "行程 {trip} 今天不到访 {base}", "Trip {trip} does not visit {base} today"},
    {Code::device_revoked, "这台终端已于 {date} 被停用：{reason}", "This kiosk was revoked on {date}: {reason}"},
    {Code::enrolment_invalid, "登记码无效、已使用或已过期，请向管理员重新获取", "The enrolment code is unknown, used or expired; ask an administrator for a new one"},
    {Code::file_encoding, "文件不是 UTF-8 编码，而是 {encoding}：请在 Excel 中“另存为”“CSV UTF-8（逗号分隔）”后重新导入", "The file is not UTF-8 but {encoding}: in Excel, use Save As \"CSV UTF-8 (Comma delimited)\" and import it again"},
    {Code::roster_columns, "这一行有 {count} 列；花名册每行应为：姓名、学号、年级", "The row has {count} cells; a roster row is name, student number and grade"},
    {Code::not_a_student_no, "“{value}”不是有效的学号（1–32 位字母、数字或 -）", "\"{value}\" is not a student number (1-32 letters, digits or -)"},
    {Code::not_a_grade, "“{value}”不是年级（1–12、七年级、初一、高二等）", "\"{value}\" is not a grade (1-12, 七年级, 初一, 高二 ...)"},
    {Code::grade_mismatch, "这一行是 {value} 年级，但班级是 {expected} 年级", "The row says grade {value}, but the class is grade {expected}"},
    {Code::name_differs, "学号 {student_no} 在文件中是“{value}”，账号中是“{expected}”；保留账号中的姓名", "Student number {student_no} is \"{value}\" in the file and \"{expected}\" in the account; the account's name is kept"},
    {Code::unknown_first_code, "首次登录码“{value}”不存在、已使用或已过期，请向老师索取新的卡片", "The first sign-in code \"{value}\" is unknown, used or expired; ask your teacher for a new card"},
};
static_assert(std::size(kProblems) == static_cast<size_t>(Code::count_), "every problem code needs a sentence");

constexpr bool problems_in_order() {
    for (size_t i = 0; i < std::size(kProblems); ++i)
        if (static_cast<size_t>(kProblems[i].code) != i) return false;
    return true;
}
static_assert(problems_in_order(), "kProblems must follow the order of problem_codes.inc");

}  // namespace

const char* tr(Lang l, Code code) {
    const auto i = static_cast<size_t>(code);
    if (i >= std::size(kProblems)) return tr(l, S::BadAnswer);
    return l == Lang::en ? kProblems[i].en : kProblems[i].zh;
}

}  // namespace zx::client
