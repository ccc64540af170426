/** What screens show of personal data: enough to recognise, not enough to misuse. */

/** 张三 → 张*; 张三丰 → 张*丰; 欧阳娜娜 → 欧**娜; John Smith → J*** S****. */
export function maskName(name: string): string {
  const chars = Array.from(name.trim());
  if (chars.length === 0) return '';
  if (/^[\p{Script=Han}·]+$/u.test(name.trim())) {
    if (chars.length === 1) return '*';
    if (chars.length === 2) return `${chars[0]}*`;
    return `${chars[0]}${'*'.repeat(chars.length - 2)}${chars[chars.length - 1]}`;
  }
  return name
    .trim()
    .split(/\s+/)
    .map((word) => {
      const w = Array.from(word);
      return `${w[0]}${'*'.repeat(Math.max(w.length - 1, 1))}`;
    })
    .join(' ');
}

/** 330102199001011234 → 330102********1234; shorter documents keep first 2 and last 2. */
export function maskIdNumber(idNumber: string): string {
  const v = idNumber.trim();
  if (v.length === 18) return `${v.slice(0, 6)}********${v.slice(14)}`;
  if (v.length <= 4) return '*'.repeat(v.length);
  return `${v.slice(0, 2)}${'*'.repeat(v.length - 4)}${v.slice(-2)}`;
}

/** 13812345678 → 138****5678. */
export function maskPhone(phone: string): string {
  const v = phone.trim();
  if (v.length < 7) return '*'.repeat(v.length);
  return `${v.slice(0, 3)}${'*'.repeat(v.length - 7)}${v.slice(-4)}`;
}
