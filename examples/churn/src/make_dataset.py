"""Generate the synthetic customer churn dataset: data/raw/churn.csv.

Deterministic: a fixed seed, plain arithmetic for every value written, and
fixed formatting, so running it again reproduces the file byte for byte.
Churn is drawn from a logistic function of the features plus noise, so a
model can learn real, imperfect signal.
"""
import csv
import math
import os
import random

SEED = 42
ROWS = 4000
OUT = os.path.join("data", "raw", "churn.csv")
COLUMNS = (
    "customer_id", "tenure", "monthly_charges", "total_charges", "contract",
    "internet_service", "support_calls", "paperless_billing", "churn",
)
INTERNET = ("dsl", "fiber", "none")
# (base price, spread) of the monthly charge per internet service
PRICE = {"dsl": (45.0, 20.0), "fiber": (70.0, 35.0), "none": (18.0, 7.0)}
CONTRACT_EFFECT = {"month-to-month": 0.9, "one-year": -0.5, "two-year": -1.6}
INTERNET_EFFECT = {"dsl": 0.0, "fiber": 0.4, "none": -0.6}


def noise(rng):
    """Roughly normal noise with mean 0 and sd 1 (Irwin-Hall, 4 uniforms)."""
    return (sum(rng.random() for _ in range(4)) - 2.0) * math.sqrt(3.0)


def draw_tenure(rng):
    segment = rng.random()
    if segment < 0.40:
        return rng.randint(1, 12)
    if segment < 0.75:
        return rng.randint(13, 48)
    return rng.randint(49, 72)


def draw_contract(rng, tenure):
    month_to_month = 0.78 - 0.009 * tenure
    two_year = 0.04 + 0.007 * tenure
    u = rng.random()
    if u < month_to_month:
        return "month-to-month"
    if u < month_to_month + two_year:
        return "two-year"
    return "one-year"


def draw_customer(rng, index):
    tenure = draw_tenure(rng)
    contract = draw_contract(rng, tenure)
    internet = rng.choices(INTERNET, weights=(0.36, 0.44, 0.20))[0]
    base, spread = PRICE[internet]
    monthly = round(base + spread * rng.random() + 1.5 * noise(rng), 2)
    total = round(monthly * tenure * (0.97 + 0.06 * rng.random()), 2)
    call_rate = 0.20 if internet == "fiber" else 0.12
    support_calls = sum(1 for _ in range(8) if rng.random() < call_rate)
    paperless = rng.random() < (0.70 if internet == "fiber" else 0.55)

    logit = (
        -1.55
        + CONTRACT_EFFECT[contract]
        + INTERNET_EFFECT[internet]
        - 0.03 * tenure
        + 0.025 * (monthly - 60.0)
        + 0.45 * support_calls
        + 0.35 * paperless
        + 0.7 * noise(rng)
    )
    churn = rng.random() < 1.0 / (1.0 + math.exp(-logit))
    return {
        "customer_id": f"C{index:05d}",
        "tenure": tenure,
        "monthly_charges": f"{monthly:.2f}",
        "total_charges": f"{total:.2f}",
        "contract": contract,
        "internet_service": internet,
        "support_calls": support_calls,
        "paperless_billing": "yes" if paperless else "no",
        "churn": int(churn),
    }


def main():
    rng = random.Random(SEED)
    os.makedirs(os.path.dirname(OUT), exist_ok=True)
    with open(OUT, "w", newline="", encoding="utf-8") as f:
        writer = csv.DictWriter(f, fieldnames=COLUMNS, lineterminator="\n")
        writer.writeheader()
        for index in range(1, ROWS + 1):
            writer.writerow(draw_customer(rng, index))
    print(f"wrote {ROWS} customers to {OUT}")


if __name__ == "__main__":
    main()
