/** What each problem of a case row says, in Chinese and English (the codes are stable: the console keys on them). */
import { peopleErrors } from '../../people/errors.ts';
import { MAX_NOTES_LENGTH } from './case.ts';

export type CaseRowCode =
  | 'id_type_unknown' | 'id_number_required' | 'id_format' | 'id_region' | 'id_birth_date' | 'id_check_digit'
  | 'name_required' | 'name_invalid' | 'name_mismatch' | 'phone_invalid' | 'home_region_required' | 'home_region_unknown'
  | 'classification_required' | 'classification_unknown' | 'classification_final'
  | 'date_required' | 'date_invalid' | 'date_in_future' | 'date_after_report' | 'yes_no_invalid' | 'isolation_invalid'
  | 'source_required' | 'source_unknown' | 'issuing_region_required' | 'issuing_region_unexpected' | 'issuing_region_unknown'
  | 'external_ref_invalid' | 'external_ref_needs_region' | 'notes_too_long'
  | 'duplicate_person' | 'duplicate_external_ref' | 'open_case_exists' | 'case_other_person' | 'case_other_region'
  | 'write_failed' | 'missing_column';

const person = (code: keyof typeof peopleErrors) => ({ zh: peopleErrors[code].zh, en: peopleErrors[code].en });

/** `unit`: how positions are counted where the message names one (rows of a sheet, items of a request). */
export function caseRowMessage(code: CaseRowCode, detail = '', unit: 'row' | 'item' = 'row'): { zh: string; en: string } {
  const at = { zh: `第 ${detail} ${unit === 'row' ? '行' : '条'}`, en: `${unit} ${detail}` };
  switch (code) {
    case 'id_type_unknown': return { zh: '证件类型须为：居民身份证、护照、港澳居民来往内地通行证、台湾居民来往大陆通行证', en: 'Unknown document type' };
    case 'id_number_required': return { zh: '证件号码未填写', en: 'The document number is empty' };
    case 'id_format': return person('PERSON_ID_FORMAT');
    case 'id_region': return person('PERSON_ID_REGION');
    case 'id_birth_date': return person('PERSON_ID_BIRTH_DATE');
    case 'id_check_digit': return person('PERSON_ID_CHECK_DIGIT');
    case 'name_required': return { zh: '姓名未填写', en: 'The name is empty' };
    case 'name_invalid': return person('PERSON_NAME_INVALID');
    case 'name_mismatch': return { zh: `姓名与该证件已登记的人员（${detail}）不一致`, en: `The name differs from the registered person (${detail})` };
    case 'phone_invalid': return person('PERSON_PHONE_INVALID');
    case 'home_region_required': return { zh: '该人员尚未登记，须填写现住地区划代码', en: 'This person is not registered yet: give the home region code' };
    case 'home_region_unknown': return { zh: '现住地区划代码不存在（6 位县级或 9 位乡镇街道代码）', en: 'Unknown home region code (6-digit county or 9-digit street code)' };
    case 'classification_required': return { zh: '病例分类未填写', en: 'The classification is empty' };
    case 'classification_unknown': return { zh: '病例分类须为：疑似病例、确诊病例、无症状感染者、已排除、治愈、死亡', en: 'Classification must be one of: suspected, confirmed, asymptomatic, excluded, recovered, died' };
    case 'classification_final': return { zh: '死亡病例的分类不能再更改', en: 'The classification of a case who died cannot change' };
    case 'date_required': return { zh: '报告日期未填写', en: 'The report date is empty' };
    case 'date_invalid': return { zh: '日期格式不正确，应为 2026-03-09（时间为 2026-03-09 14:30）', en: 'Not a valid date: write 2026-03-09 (a time: 2026-03-09 14:30)' };
    case 'date_in_future': return { zh: '日期不能晚于今天', en: 'The date cannot be after today' };
    case 'date_after_report': return { zh: '发病日期和首次阳性日期不能晚于报告日期', en: 'Onset and first positive test cannot be after the report date' };
    case 'yes_no_invalid': return { zh: '请填写“是”或“否”', en: 'Write 是 (yes) or 否 (no)' };
    case 'isolation_invalid': return { zh: '隔离时间不能晚于现在，也不能早于发病（或阳性）日期和报告日期', en: 'The isolation time cannot be in the future, nor before both the onset (or positive test) and the report date' };
    case 'source_required': return { zh: '病例来源未填写', en: 'The case source is empty' };
    case 'source_unknown': return { zh: '病例来源须为：发热门诊、实验室检测、智能外呼筛查、主动报告、外地推送', en: 'Source must be one of: fever clinic, laboratory, screening call, self-report, another region' };
    case 'issuing_region_required': return { zh: '外地推送的病例须填写来源地区代码', en: 'A case from another region needs the issuing region code' };
    case 'issuing_region_unexpected': return { zh: '只有外地推送的病例填写来源地区代码', en: 'Only cases from another region have an issuing region' };
    case 'issuing_region_unknown': return { zh: '来源地区代码不存在', en: 'Unknown issuing region code' };
    case 'external_ref_invalid': return { zh: '外地病例编号最多 64 个字符', en: 'The external case number has at most 64 characters' };
    case 'external_ref_needs_region': return { zh: '填写外地病例编号时须同时填写来源地区代码（病例来源为外地推送）', en: 'An external case number needs the issuing region (source: another region)' };
    case 'notes_too_long': return { zh: `备注最多 ${MAX_NOTES_LENGTH} 字`, en: `Notes are at most ${MAX_NOTES_LENGTH} characters` };
    case 'duplicate_person': return { zh: `与${at.zh}是同一个人`, en: `The same person as ${at.en}` };
    case 'duplicate_external_ref': return { zh: `来源地区和外地病例编号与${at.zh}重复`, en: `The same issuing region and external case number as ${at.en}` };
    case 'open_case_exists': return { zh: '该人员已有未结案的病例（疑似、确诊或无症状）', en: 'This person already has an open case (suspected, confirmed or asymptomatic)' };
    case 'case_other_person': return { zh: '该外地病例编号已登记为另一个人的病例', en: 'This external case number is registered for another person' };
    case 'case_other_region': return { zh: '该外地病例已由其他地区登记，本地区不能更新', en: 'Another region registered this case; it cannot be updated from here' };
    case 'write_failed': return { zh: '写入失败，请重新导入此行', en: 'Could not be written; import this row again' };
    case 'missing_column': return { zh: '缺少此列，请使用下载的模板', en: 'This column is missing; use the downloaded template' };
  }
}
