// Loyalty domain: the Program and Member aggregates as pure deciders, earn arithmetic, lot
// arithmetic and the ledger verifier. No framework, no I/O, no clock.
export * from './loyalty.limits';
export * from './errors';
export * from './streams';
export * from './program/program.types';
export * from './program/program.decider';
export * from './program/earn-calculation';
export * from './program/local-midnight';
export * from './member/member.events';
export * from './member/member.commands';
export * from './member/member.state';
export * from './member/member.decider';
export * from './member/lots';
export * from './member/persistent-map';
export * from './member/verify-ledger';
export * from './member/tiers';
export * from './member/member-as-of';
export * from './member/referrals';
export * from './referral/referral-code.decider';
export * from './member/member-snapshot.codec';
