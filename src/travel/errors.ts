/** Travel declaration (出行申报) errors: each code once, with HTTP status, Chinese and English. */
import { errorFactory, type ErrorCatalogue } from '../kernel/errors.ts';

export const travelErrors = {
  TRAVEL_REGION_UNKNOWN: { status: 400, zh: '出发地、目的地或途经地的地区代码不存在', en: 'Unknown region code for the origin, destination or a via region' },
  TRAVEL_SAME_PLACE: { status: 400, zh: '目的地不能与出发地相同', en: 'The destination must differ from the origin' },
  TRAVEL_TOO_MANY_VIA: { status: 400, zh: '途经地最多填写 10 个', en: 'At most 10 via regions' },
  TRAVEL_DATE_INVALID: { status: 400, zh: '日期格式应为 YYYY-MM-DD', en: 'Dates are written YYYY-MM-DD' },
  TRAVEL_LEAVE_IN_PAST: { status: 400, zh: '出发日期不能早于今天', en: 'The leave date cannot be before today' },
  TRAVEL_LEAVE_TOO_FAR: { status: 400, zh: '只能申报 180 天内出发的行程', en: 'Only trips leaving within 180 days can be declared' },
  TRAVEL_RETURN_BEFORE_LEAVE: { status: 400, zh: '返回日期不能早于出发日期', en: 'The return date cannot be before the leave date' },
  TRAVEL_TOO_LONG: { status: 400, zh: '单次行程最长 180 天', en: 'A trip lasts at most 180 days' },
  TRAVEL_TRANSPORT_INVALID: { status: 400, zh: '交通方式只能是火车、飞机、客车、自驾、轮船或其他', en: 'Transport must be train, flight, coach, car, ship or other' },
  TRAVEL_NUMBER_INVALID: { status: 400, zh: '请填写正确的车次或航班号（如 G7512、CA1234）', en: 'Enter a valid train or flight number (e.g. G7512, CA1234)' },
  TRAVEL_NUMBER_NOT_ALLOWED: { status: 400, zh: '只有火车和飞机需要填写车次或航班号', en: 'Only trains and flights take a train or flight number' },
  TRAVEL_PURPOSE_INVALID: { status: 400, zh: '出行事由应为 1–100 个字', en: 'The purpose must be 1–100 characters' },
  TRAVEL_NOT_FOUND: { status: 404, zh: '找不到该行程', en: 'Trip not found' },
  TRAVEL_ALREADY_RETURNED: { status: 409, zh: '该行程已填写返程申报', en: 'A return declaration was already made for this trip' },
  TRAVEL_CANCELLED: { status: 409, zh: '该行程已取消', en: 'This trip was cancelled' },
  TRAVEL_NOT_CANCELLABLE: { status: 409, zh: '已出发或已返回的行程不能取消', en: 'A trip that has started or ended cannot be cancelled' },
  TRAVEL_RETURN_DATE_INVALID: { status: 400, zh: '实际返回日期应在出发日期与今天之间', en: 'The actual return date must be between the leave date and today' },
  TRAVEL_VISITED_INVALID: { status: 400, zh: '实际到访地区应为 1–20 个有效地区', en: 'Places really visited: 1 to 20 valid regions' },
  TRAVEL_HEALTH_INVALID: { status: 400, zh: '目前健康状况只能是良好、发热或其他症状', en: 'Health now must be well, fever or symptoms' },
  TRAVEL_CURSOR_INVALID: { status: 400, zh: '分页参数无效', en: 'Invalid page cursor' },
  TRAVEL_REASON_REQUIRED: { status: 400, zh: '查看行程详情须填写 2–200 字的事由', en: 'Viewing a trip\'s details needs a reason of 2–200 characters' },
} satisfies ErrorCatalogue<string>;

export type TravelErrorCode = keyof typeof travelErrors;

export const travelFail = errorFactory(travelErrors);
