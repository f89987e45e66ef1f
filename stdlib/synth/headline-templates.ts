/**
 * What the synthetic financial wire of stdlib/synth/headlines.ts writes:
 * fictional companies and headline templates per sentiment, in the template
 * language of stdlib/synth/templates.ts. Each class has a few templates
 * whose words point both ways ("shares fall despite record sales", "rules out
 * job cuts", "rise early, then close flat"), as real headlines do: a bag of
 * words misreads some of them, a model of word order need not. The sell-off templates are used only on spike days: they
 * bring words the ordinary period never has (contagion, liquidity, bank run),
 * for the vocabulary drift a monitor should see, beside words it knows
 * (slide, plunge, fears).
 */
import type { Rng } from "../random";
import { oneOf, type Slots } from "./templates";

export type Sentiment = "bearish" | "bullish" | "neutral";
export const SENTIMENTS: readonly Sentiment[] = ["bearish", "bullish", "neutral"];

export const COMPANIES = [
  ["Acme Corp", "ACME", "industrials"],
  ["Borealis Bank", "BORB", "banks"],
  ["Cobalt Motors", "CBLT", "autos"],
  ["Delta Pharma", "DLTP", "pharma"],
  ["Ember Energy", "EMBR", "energy"],
  ["Fjord Retail", "FJRD", "retail"],
  ["Granite Bank", "GRNB", "banks"],
  ["Helix Software", "HLXS", "tech"],
  ["Ion Semiconductors", "IONS", "tech"],
  ["Juniper Foods", "JNPF", "retail"],
  ["Kestrel Airlines", "KSTL", "industrials"],
  ["Lumen Health", "LUMH", "pharma"],
  ["Meridian Oil", "MRDO", "energy"],
  ["Northwind Logistics", "NWLG", "industrials"],
  ["Orion Cloud", "ORCD", "tech"],
  ["Pioneer Insurance", "PION", "banks"],
  ["Quartz Mining", "QRTZ", "energy"],
  ["Redwood Homes", "RDWH", "industrials"],
  ["Solace Telecom", "SLCT", "tech"],
  ["Tidewater Motors", "TDWM", "autos"],
] as const;

const sectorName: Record<string, string> = {
  industrials: "Industrial",
  banks: "Bank",
  autos: "Car maker",
  pharma: "Drug maker",
  energy: "Energy",
  retail: "Retail",
  tech: "Tech",
};

/** A company, written with its ticker (`Acme Corp ($ACME)`) three times in ten. */
const company = (rng: Rng) => {
  const [name, ticker] = oneOf(rng, COMPANIES);
  return rng.next() < 0.3 ? `${name} ($${ticker})` : name;
};

export const HEADLINE_SLOTS: Slots = {
  company,
  sector: (rng) => sectorName[oneOf(rng, COMPANIES)[2]],
  pct: (rng) => `${1 + rng.int(14)}%`,
  money: (rng) => `$${(0.2 + rng.int(40) / 10).toFixed(1)}bn`,
  jobs: (rng) => String(oneOf(rng, [200, 500, 1200, 3000, 8000])),
  weekday: (rng) => oneOf(rng, ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday"]),
  city: (rng) => oneOf(rng, ["London", "Frankfurt", "New York", "Singapore", "Paris", "Toronto"]),
};

export const HEADLINES: Record<Sentiment, string[]> = {
  bullish: [
    "[company] shares {jump|surge|climb|rally|soar} [pct] after {strong|record|better-than-expected} {earnings|quarterly results|sales}",
    "[company] raises full-year {guidance|forecast|outlook}",
    "Analysts upgrade [company] to {buy|outperform}",
    "[company] beats {profit|revenue|earnings} estimates{| as demand grows}",
    "[company] wins {major|record|multi-year} contract{| worth [money]}",
    "[sector] stocks {rise|gain|climb} as {investors return|rates ease|demand recovers}",
    "[company] {boosts|lifts} dividend{| by [pct]}",
    "[company] shares recover from early losses to close higher",
    "[company] rules out {job cuts|a profit warning|a rights issue}",
    "[company] shares rise despite {weak|disappointing} {sales|markets}",
    "Losses at [company] narrow more than expected",
  ],
  bearish: [
    "[company] shares {fall|slump|plunge|tumble|slide} [pct] {on|after} {weak|disappointing} {results|guidance|sales}",
    "[company] cuts {full-year guidance|its outlook|[jobs] jobs}",
    "Analysts downgrade [company] to {sell|underperform}",
    "[company] misses {profit|revenue|earnings} estimates",
    "Regulators {probe|fine|investigate} [company] over {accounting|safety|pricing}",
    "[sector] stocks {drop|fall|slide} as {rate fears|recession fears|weak demand} hit the market",
    "[company] {warns on|flags lower} profits",
    "[company] shares fall despite {strong|record} sales",
    "[company] {scraps|suspends} dividend",
    "Profit at [company] {falls short|disappoints} despite record sales",
    "[company] fails to {beat|meet} estimates",
  ],
  neutral: [
    "[company] to report {results|earnings} on [weekday]",
    "[company] names new {CFO|chair|chief executive}",
    "[company] shares {little changed|flat|steady} {ahead of|after} {the Fed meeting|inflation data|its results}",
    "[company] to hold annual meeting in [city]",
    "[company] completes {previously announced|planned} {share buyback|bond sale|reorganisation}",
    "[sector] stocks mixed as investors await {inflation data|the Fed decision|earnings}",
    "[company] opens new office in [city]",
    "[company] confirms talks, says no decision yet",
    "[company] shares {rise|fall} early, then close flat",
    "[company] results in line with estimates",
    "[company] neither confirms nor denies {job cuts|merger talks}",
  ],
};

/** Bearish headlines of a sell-off (half of a spike day's bearish headlines): new words beside known ones. */
export const SELL_OFF: string[] = [
  "[sector] stocks slide as {contagion|credit crunch|liquidity} fears spread",
  "[company] shares plunge amid {contagion|bank run|liquidity} worries",
  "{Contagion|Liquidity crunch} fears hit [company] and [sector] peers",
  "[company] shares tumble [pct] as sell-off deepens",
];
