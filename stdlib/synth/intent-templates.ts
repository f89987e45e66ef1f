/**
 * What the synthetic customers of stdlib/synth/intents.ts say: for each of 16
 * intents (named as in Banking77, so that one study reads either data set),
 * full sentences (`full`, what an e-mail says), short forms (`short`, what a
 * chat message says) and a family (`family`): a vague chat message, one that
 * leaves out the word that tells the intent, is drawn from a pool that every
 * intent of the family shares (VAGUE), so that even a perfect model must guess.
 *
 * Three families of intents share their words on purpose, as real intents do:
 * a lost or stolen card / a compromised card / a payment not recognised; a
 * refund asked for / a refund not showing up; a PIN to change / a PIN blocked
 * / a forgotten passcode. Their confusions are the ones a study should find.
 */
import type { Rng } from "../random";
import { oneOf, type Slots } from "./templates";

export interface IntentTemplates {
  /** Relative frequency: an intent of weight 2 has twice the messages of one of weight 1. */
  weight: number;
  full: string[];
  short: string[];
  /** Its family: a vague chat message is drawn from the family's pool (VAGUE), the same words for every member. */
  family: keyof typeof VAGUE;
}

/**
 * Vague chat messages, by family: they leave out the word that tells the
 * intent, and every intent of a family draws from the same pool, so no model
 * can tell which member a vague message meant (an error floor, by design).
 */
export const VAGUE = {
  card_security: ["block card", "block my card", "card not safe", "someone has my card", "help with my card"],
  payments: ["payment problem", "card payment issue", "problem with payment", "payment wrong"],
  refunds: ["refund", "my refund", "money back", "refund question"],
  transfers: ["transfer problem", "where is the money", "money not there", "transfer issue"],
  pin: ["pin", "locked out", "cant get in", "pin help", "pin problem"],
  general: ["need help", "question", "hi can u help", "help pls"],
} as const;

const amount = (rng: Rng) =>
  `${oneOf(rng, ["£", "€", "$"])}${oneOf(rng, [5, 12, 20, 25, 30, 45, 60, 80, 100, 120, 250, 400])}`;

export const INTENT_SLOTS: Slots = {
  card: (rng) => oneOf(rng, ["card", "debit card", "bank card", "Visa card", "Mastercard"]),
  days: (rng) => oneOf(rng, ["a week", "two weeks", "10 days", "five days", "three weeks", "a month"]),
  amount,
  merchant: (rng) =>
    oneOf(rng, ["Amazon", "a petrol station", "a restaurant", "an online shop", "Tesco", "Uber", "a hotel", "eBay"]),
  person: (rng) => oneOf(rng, ["my sister", "my landlord", "a friend", "my mum", "my brother", "a colleague"]),
  when: (rng) => oneOf(rng, ["yesterday", "last week", "on Monday", "this morning", "two days ago", "at the weekend"]),
};

export const INTENTS: Record<string, IntentTemplates> = {
  card_arrival: {
    weight: 2,
    full: [
      "{I ordered|I was sent|You sent me} a new [card] [days] ago and it {still hasn't arrived|has not come yet|is still not here}. {Where is it|When will it arrive|Can you check where it is}?",
      "{How long|How much longer} {does|will} it take for my new [card] to arrive? {It has been|I have waited} [days].",
      "{Still waiting on|I am still waiting for} my new [card], {is it on its way|has it been posted|can you track it}?",
      "My new [card] {has not been delivered|never arrived} and it has been [days].",
    ],
    short: [
      "{where is|wheres} my new [card]",
      "new card {not arrived|still not here|not come yet}",
      "still waiting {for|on} {card|new card}",
    ],
    family: "general",
  },
  lost_or_stolen_card: {
    weight: 1,
    full: [
      "{I lost|I have lost|I can't find} my [card] [when]{| and I think someone may have it}. {Please block it.|Can you freeze it?|What should I do?}",
      "My [card] {was stolen|got stolen|has been stolen} [when]{| from my bag| at the station}. {I need to block it.|Please cancel it right away.|How do I stop anyone using it?}",
      "{Someone stole|A thief took} my wallet with my [card] in it. {Please block the card.|Can you cancel it?}",
    ],
    short: ["{lost|lost my|cant find my} [card]", "[card] {stolen|got stolen}", "wallet stolen {block card|pls help}"],
    family: "card_security",
  },
  compromised_card: {
    weight: 1,
    full: [
      "I think {someone has copied|someone is using} my [card] details {online|at shops}. {Can you block it?|Please freeze it.|What do I do?}",
      "{My card details were|I think my card was} {leaked|skimmed|hacked} {at an ATM|in a data breach|on a website}. {Please send me a new one.|Is my money safe?}",
      "I {got|received} a message saying my [card] {may be compromised|was used by someone else}. {Is this real|What should I do}?",
    ],
    short: [
      "card {hacked|compromised|skimmed}",
      "someone {using|copied} my card details",
      "card details {leaked|hacked}",
    ],
    family: "card_security",
  },
  card_payment_not_recognised: {
    weight: 1,
    full: [
      "There is a payment of [amount] to [merchant] {on my statement|in my account} that I {did not make|don't recognise|never made}.",
      "I {don't recognise|have no idea about} a card payment [when] to [merchant]. {Who made it?|Can you look into it?|Please check.}",
      "{Why is there|What is} a [amount] charge from [merchant]? {It wasn't me|I never bought anything there}.",
    ],
    short: [
      "{dont know|dont recognise|unknown} payment [merchant]",
      "payment i didnt make",
      "[amount] {wasnt me|not me}",
    ],
    family: "card_security",
  },
  declined_card_payment: {
    weight: 2,
    full: [
      "My [card] {was declined|got declined|did not work} {at [merchant]|when I tried to pay at [merchant]|online} [when]. {Why|What is wrong}?",
      "{Why does|Why did} my card payment keep {failing|getting declined|being refused}? I have {enough money|money in my account}.",
      "I tried to pay [amount] at [merchant] {but it was declined|and the card was refused}.",
    ],
    short: [
      "card declined {at [merchant]|again|}",
      "card payment {refused|declined|rejected}",
      "why card {not working|declined}",
    ],
    family: "payments",
  },
  transaction_charged_twice: {
    weight: 1,
    full: [
      "I {was charged|have been charged|got charged} twice for {the same|one} {payment|purchase} at [merchant]{| [when]}.",
      "{The same|One} payment of [amount] {shows up|appears} twice {on my statement|in the app}. {Please refund one.|Can you fix this?}",
      "[merchant] took [amount] twice from my card for one {order|purchase}.",
    ],
    short: ["charged twice {[merchant]|}", "{double|duplicate} {payment|charge}", "paid twice for {one|same} thing"],
    family: "payments",
  },
  request_refund: {
    weight: 1,
    full: [
      "{I would like|I want|Can I get} a refund for {my purchase|an order|a payment} {at|from} [merchant]. {How do I do that|What is the process}?",
      "{How do I|How can I} {request|ask for|get} {a refund|my money back} for {something I bought|an item I returned}?",
      "I {returned|sent back} {an item|the goods} to [merchant] and {want|need} my [amount] back.",
    ],
    short: ["{want|need} {refund|my money back}", "how {get|to get} refund", "refund {pls|for [merchant]}"],
    family: "refunds",
  },
  Refund_not_showing_up: {
    weight: 1,
    full: [
      "[merchant] {says they|told me they} refunded me [when] but {I can't see it|it is not showing|the money is not in my account}.",
      "{Where is|I am still waiting for} my refund from [merchant]? {It has been [days]|It should be here by now}.",
      "{My refund|The refund for [amount]} {hasn't appeared|isn't showing up|is missing} {in the app|on my statement}.",
    ],
    short: ["refund {not showing|not there|missing}", "where {is|s} my refund", "still no refund {from [merchant]|}"],
    family: "refunds",
  },
  balance_not_updated_after_bank_transfer: {
    weight: 1,
    full: [
      "I {transferred|sent} [amount] {to my account|from my other bank} [when] but my balance {hasn't changed|is still the same|was not updated}.",
      "{Why is my balance not updated|Why hasn't my balance updated} after {a|my} bank transfer?",
      "The {money|transfer} I {sent|moved} {into|to} my account {isn't showing|has not arrived} {in my balance|yet}.",
    ],
    short: [
      "balance not updated {after transfer|}",
      "{money|transfer} not in {my account|balance}",
      "sent money balance same",
    ],
    family: "transfers",
  },
  transfer_not_received_by_recipient: {
    weight: 2,
    full: [
      "I sent [amount] to [person] [when] but {they haven't received it|they never got it|it never reached them}.",
      "{My transfer to|The money I sent to} [person] {has not arrived|hasn't reached them|is missing}. {Where is it?|Can you check?}",
      "[person] {says|tells me} {the transfer|my payment} {never arrived|was not received}.",
    ],
    short: [
      "[person] {didnt get|not received} {my transfer|the money}",
      "transfer not {received|arrived}",
      "sent money {they|he|she} didnt get it",
    ],
    family: "transfers",
  },
  failed_transfer: {
    weight: 1,
    full: [
      "My transfer {to [person]|of [amount]} {failed|did not go through|was not successful}. {Why|What happened}?",
      "{I tried to|I wanted to} {send|transfer} [amount] {to [person]|} but {it failed|got an error|it says failed}.",
      "{Why does|Why did} my {bank transfer|payment to [person]} keep failing?",
    ],
    short: ["transfer failed", "{cant|cannot} send money", "{error|failed} sending [amount]"],
    family: "transfers",
  },
  change_pin: {
    weight: 1,
    full: [
      "{How do I|How can I|Can I} change {my|the} PIN {on my [card]|number}?",
      "I {want|would like} to {change|update|reset} my {card PIN|PIN} {to something easier to remember|to a new one}.",
      "{Where|Where in the app} can I {change|set} a new PIN{| for my card}?",
    ],
    short: ["change {pin|my pin}", "{new|update} pin", "how {change|to change} pin"],
    family: "pin",
  },
  passcode_forgotten: {
    weight: 2,
    full: [
      "I {forgot|have forgotten|can't remember} my {passcode|app passcode|password} and {can't log in|am locked out of the app}.",
      "{How do I|How can I} reset my {passcode|password} {for the app|to log in}?",
      "{I'm|I am} locked out because I {forgot|don't remember} my {passcode|login password}.",
    ],
    short: ["forgot {passcode|password|pwd}", "{cant|can't} log in", "reset {password|passcode|pwd}"],
    family: "pin",
  },
  pin_blocked: {
    weight: 1,
    full: [
      "My PIN {is blocked|got blocked|has been locked} after {I entered it wrong|three wrong tries|too many attempts}. {How do I unblock it?|Please unlock it.}",
      "I typed the wrong PIN {three times|too many times} and now my [card] {is blocked|doesn't work}.",
      "{How can I|How do I} unblock my PIN?",
    ],
    short: ["pin blocked", "{unblock|unlock} {pin|my pin}", "wrong pin {3 times|too many times}"],
    family: "pin",
  },
  exchange_rate: {
    weight: 1,
    full: [
      "What {exchange rate|rate} do you use {for|when paying in} {euros|dollars|pounds|yen}?",
      "{How|Where} can I see the {current|} exchange rate {before I pay abroad|in the app}?",
      "{Is|Are} your exchange {rate|rates} {fixed|the same as the market rate|updated every day}?",
    ],
    short: ["exchange rate {euro|dollar|eur|usd}", "{whats|what is} the exchange rate", "rate for {euros|dollars}"],
    family: "general",
  },
  terminate_account: {
    weight: 1,
    full: [
      "I {want|would like} to {close|delete|terminate} my account{| and move my money out}.",
      "{How do I|How can I} {close|cancel} my account {with you|permanently}?",
      "Please {close|delete} my account{|, I no longer need it}.",
    ],
    short: ["close {my account|acct|account}", "delete {account|acct}", "cancel {my|} account"],
    family: "general",
  },
};

/** E-mails open and close as people write them; some add a line of context, a few one that names another topic. */
export const EMAIL = {
  hello: ["Hello,", "Hi there,", "Good morning,", "Dear support team,", "Hi,"],
  context: [
    "",
    "",
    "I have been a customer for years.",
    "This is quite urgent.",
    "I tried the app but could not find an answer.",
    "I am writing from abroad.",
    // Lines that name another intent's topic in passing: words that point the wrong way.
    "Last month my refund came through without any problem.",
    "My PIN and my card work fine otherwise.",
    "I already checked the exchange rate in the app.",
    "My transfer to my landlord went through fine.",
  ],
  signoff: ["Thanks.", "Thank you in advance.", "Kind regards.", "Many thanks for your help.", "Best wishes."],
};

/** Chat shorthand: each is used with probability ½ where the word occurs. */
export const CHAT_SHORTHAND: Record<string, string> = {
  please: "pls",
  you: "u",
  account: "acct",
  password: "pwd",
  transfer: "trf",
  received: "recvd",
  payment: "pmt",
};
