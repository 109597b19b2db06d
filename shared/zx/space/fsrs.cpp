#include "zx/space/fsrs.hpp"

#include <algorithm>
#include <cmath>

namespace zx::fsrs {

namespace {
constexpr double kMinStability = 1e-3;
constexpr double kMaxStability = 36500;
constexpr int64_t kDayMs = 86'400'000;

// JavaScript's Math.round: halves go up, also for negative numbers.
double round_to(double x, int decimals) {
    const double f = std::pow(10.0, decimals);
    return std::floor(x * f + 0.5) / f;
}

struct Decay {
    double decay;
    double factor;
};

Decay decay_of(const Params& p) {
    const double decay = -p.w[20];
    const double factor = std::exp(std::pow(decay, -1) * std::log(0.9)) - 1;
    return {decay, round_to(factor, 8)};
}

double forgetting_curve(const Params& p, double elapsed_days, double stability) {
    const auto [decay, factor] = decay_of(p);
    return round_to(std::pow(1 + factor * elapsed_days / stability, decay), 8);
}

double interval_modifier(const Params& p) {
    const auto [decay, factor] = decay_of(p);
    return round_to((std::pow(p.request_retention, 1 / decay) - 1) / factor, 8);
}

double init_stability(const Params& p, int g) { return std::max(p.w[static_cast<size_t>(g - 1)], 0.1); }

double init_difficulty(const Params& p, int g) { return round_to(p.w[4] - std::exp((g - 1) * p.w[5]) + 1, 8); }

int next_interval(const Params& p, double s) {
    const double ivl = std::min(std::max(1.0, std::floor(s * interval_modifier(p) + 0.5)),
                                static_cast<double>(p.maximum_interval));
    return static_cast<int>(std::floor(ivl + 0.5));
}

double next_difficulty(const Params& p, double d, int g) {
    const double delta = -p.w[6] * (g - 3);
    const double next = d + round_to(delta * (10 - d) / 9, 8);
    const double reverted = round_to(p.w[7] * init_difficulty(p, 4) + (1 - p.w[7]) * next, 8);
    return std::clamp(reverted, 1.0, 10.0);
}

double next_recall_stability(const Params& p, double d, double s, double r, int g) {
    const auto& w = p.w;
    const double hard = g == 2 ? w[15] : 1;
    const double easy = g == 4 ? w[16] : 1;
    return round_to(std::clamp(s * (1 + std::exp(w[8]) * (11 - d) * std::pow(s, -w[9]) *
                                            (std::exp((1 - r) * w[10]) - 1) * hard * easy),
                               kMinStability, kMaxStability),
                    8);
}

double next_forget_stability(const Params& p, double d, double s, double r) {
    const auto& w = p.w;
    return round_to(std::clamp(w[11] * std::pow(d, -w[12]) * (std::pow(s + 1, w[13]) - 1) * std::exp((1 - r) * w[14]),
                               kMinStability, kMaxStability),
                    8);
}

struct Memory {
    double d, s;
};

Memory next_state(const Params& p, Memory m, double r, int g) {
    if (m.d == 0 && m.s == 0) return {std::clamp(init_difficulty(p, g), 1.0, 10.0), init_stability(p, g)};
    double s;
    if (g == 1) {
        // Long-term mode: after a lapse the stability never grows.
        s = std::min(std::max(round_to(m.s, 8), kMinStability), next_forget_stability(p, m.d, m.s, r));
    } else {
        s = next_recall_stability(p, m.d, m.s, r, g);
    }
    return {next_difficulty(p, m.d, g), s};
}
}  // namespace

int days_between(int64_t from_ms, int64_t to_ms) {
    const auto day = [](int64_t ms) { return ms >= 0 ? ms / kDayMs : (ms - kDayMs + 1) / kDayMs; };
    return static_cast<int>(day(to_ms) - day(from_ms));
}

double retrievability(const Card& c, int64_t now_ms, const Params& p) {
    if (c.state == State::fresh || c.stability <= 0) return 1;
    return forgetting_curve(p, std::max(0, days_between(c.last_review_ms, now_ms)), c.stability);
}

Card review(const Card& card, Grade grade, int64_t now_ms, const Params& p, ReviewLog* log) {
    const int g = static_cast<int>(grade);
    const bool fresh = card.state == State::fresh;
    const int elapsed = fresh || card.last_review_ms == 0 ? 0 : days_between(card.last_review_ms, now_ms);
    const double r = fresh ? 0 : forgetting_curve(p, elapsed, card.stability);

    // All four outcomes are computed, as ts-fsrs does, because the intervals
    // are kept in order: again < hard < good < easy.
    std::array<Memory, 5> next{};
    std::array<int, 5> ivl{};
    for (int k = 1; k <= 4; ++k) {
        next[static_cast<size_t>(k)] = next_state(p, fresh ? Memory{0, 0} : Memory{card.difficulty, card.stability}, r, k);
        ivl[static_cast<size_t>(k)] = next_interval(p, next[static_cast<size_t>(k)].s);
    }
    ivl[1] = std::min(ivl[1], ivl[2]);
    ivl[2] = std::max(ivl[2], ivl[1] + 1);
    ivl[3] = std::max(ivl[3], ivl[2] + 1);
    ivl[4] = std::max(ivl[4], ivl[3] + 1);

    Card out = card;
    out.state = State::review;
    out.difficulty = next[static_cast<size_t>(g)].d;
    out.stability = next[static_cast<size_t>(g)].s;
    out.reps = card.reps + 1;
    out.lapses = card.lapses + (!fresh && grade == Grade::again ? 1 : 0);
    out.elapsed_days = elapsed;
    out.scheduled_days = ivl[static_cast<size_t>(g)];
    out.last_review_ms = now_ms;
    out.due_ms = now_ms + static_cast<int64_t>(out.scheduled_days) * kDayMs;
    if (log) *log = {grade, now_ms, elapsed, out.scheduled_days, out.stability, out.difficulty};
    return out;
}

std::string_view grade_code(Grade g) {
    switch (g) {
        case Grade::again: return "again";
        case Grade::hard: return "hard";
        case Grade::good: return "good";
        case Grade::easy: return "easy";
    }
    return "good";
}

}  // namespace zx::fsrs
