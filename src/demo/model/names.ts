/** Synthetic Chinese names: a common surname and a one- or two-character given name. */
import type { Random } from './random.ts';

// The most common surnames, roughly in order of frequency; weights fall off so 王李张刘陈 dominate as in life.
const SURNAMES = Array.from('王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤');
const SURNAME_CHOICES = SURNAMES.map((s, i) => [s, 1 / (i + 8)] as const);

const MALE_CHARS = Array.from('伟强磊军洋勇杰涛明超辉刚健峰斌浩宇俊凯鹏飞波华平东亮晨阳博文轩睿哲皓然子豪宏志远航');
const FEMALE_CHARS = Array.from('芳娜敏静丽艳娟霞秀玲婷雪琳颖慧佳怡欣瑶梦雨萱涵晶倩洁蕾薇月彤妍蓉春燕兰');
const NEUTRAL_CHARS = Array.from('安宁嘉一可心思若晓小新天诗书清子逸');

export type Sex = 'M' | 'F';

export function demoName(random: Random, sex: Sex): string {
  const surname = random.weighted(SURNAME_CHOICES);
  const chars = sex === 'M' ? MALE_CHARS : FEMALE_CHARS;
  const first = random.chance(0.3) ? random.pick(NEUTRAL_CHARS) : random.pick(chars);
  return random.chance(0.25) ? `${surname}${random.pick(chars)}` : `${surname}${first}${random.pick(chars)}`;
}
