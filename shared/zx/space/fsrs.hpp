#pragma once
// FSRS-6, the spaced-repetition scheduler of modern Anki, in its long-term
// form: every review schedules the next one a whole number of days ahead (no
// same-day learning steps) and intervals are not fuzzed, so a card's schedule
// is reproducible. Formulas and default weights follow the published
// algorithm (open-spaced-repetition); tests compare every review with the npm
// ts-fsrs package run with enable_short_term = false and enable_fuzz = false.
#include <array>
#include <cstdint>
#include <string_view>

namespace zx::fsrs {

enum class Grade { again = 1, hard = 2, good = 3, easy = 4 };
enum class State { fresh = 0, review = 2 };  // ts-fsrs numbers: New 0, Review 2

struct Card {
    State state = State::fresh;
    double stability = 0;
    double difficulty = 0;
    int reps = 0;
    int lapses = 0;
    int64_t last_review_ms = 0;  // 0: never reviewed
    int64_t due_ms = 0;
    int scheduled_days = 0;
    int elapsed_days = 0;
};

struct Params {
    // The 21 FSRS-6 weights (w0..w20); these are the published defaults.
    std::array<double, 21> w{0.212,  1.2931, 2.3065, 8.2956, 6.4133, 0.8334, 3.0194, 0.001,  1.8722, 0.1666, 0.796,
                             1.4835, 0.0614, 0.2629, 1.6483, 0.6014, 1.8729, 0.5425, 0.0912, 0.0658, 0.1542};
    double request_retention = 0.9;
    int maximum_interval = 36500;
};

struct ReviewLog {
    Grade grade;
    int64_t reviewed_ms = 0;
    int elapsed_days = 0;
    int scheduled_days = 0;
    double stability = 0;   // after the review
    double difficulty = 0;  // after the review
};

// Whole UTC calendar days from `from_ms` to `to_ms` (as ts-fsrs counts them).
int days_between(int64_t from_ms, int64_t to_ms);

// The card after reviewing it at `now_ms` with `g`, and the log entry.
Card review(const Card& card, Grade g, int64_t now_ms, const Params& p, ReviewLog* log = nullptr);

// Probability of recalling the card at `now_ms` (1 for a new card).
double retrievability(const Card& card, int64_t now_ms, const Params& p);

std::string_view grade_code(Grade g);  // "again" | "hard" | "good" | "easy"

}  // namespace zx::fsrs
