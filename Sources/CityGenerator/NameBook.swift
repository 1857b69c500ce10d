/// Chinese names with their English forms: the stems that name subdistricts (街道), roads and
/// estates, and the numerals used in ordinals. Synthetic: stems are common place-name words,
/// not an inventory of any real city.
enum NameBook {
    /// (Chinese, pinyin) stems.
    static let stems: [(zh: String, en: String)] = [
        ("滨江", "Binjiang"), ("明珠", "Mingzhu"), ("科创", "Kechuang"), ("兴业", "Xingye"), ("和平", "Heping"),
        ("建设", "Jianshe"), ("繁荣", "Fanrong"), ("长青", "Changqing"), ("翠湖", "Cuihu"), ("凤凰", "Fenghuang"),
        ("云山", "Yunshan"), ("锦绣", "Jinxiu"), ("金穗", "Jinsui"), ("瑞安", "Rui'an"), ("康乐", "Kangle"),
        ("华新", "Huaxin"), ("启明", "Qiming"), ("振兴", "Zhenxing"), ("育才", "Yucai"), ("文昌", "Wenchang"),
        ("东风", "Dongfeng"), ("朝阳", "Chaoyang"), ("新港", "Xingang"), ("丰乐", "Fengle"), ("南岸", "Nan'an"),
        ("北岭", "Beiling"), ("西湖", "Xihu"), ("东湖", "Donghu"), ("白鹤", "Baihe"), ("青松", "Qingsong"),
        ("紫荆", "Zijing"), ("木棉", "Mumian"), ("荔枝", "Lizhi"), ("海棠", "Haitang"), ("桂花", "Guihua"),
        ("玉兰", "Yulan"), ("芙蓉", "Furong"), ("松柏", "Songbai"), ("梅园", "Meiyuan"), ("竹林", "Zhulin"),
        ("金沙", "Jinsha"), ("银湖", "Yinhu"), ("宝岗", "Baogang"), ("福田", "Futian"), ("永安", "Yong'an"),
        ("长乐", "Changle"), ("太平", "Taiping"), ("新华", "Xinhua"), ("光明", "Guangming"), ("安宁", "Anning"),
        ("泰和", "Taihe"), ("富民", "Fumin"), ("同心", "Tongxin"), ("春晖", "Chunhui"), ("晓港", "Xiaogang"),
        ("沙园", "Shayuan"), ("江燕", "Jiangyan"), ("岭南", "Lingnan"), ("昌岗", "Changgang"), ("宝华", "Baohua"),
        ("聚德", "Jude"), ("汇景", "Huijing"), ("天源", "Tianyuan"), ("瑞宝", "Ruibao"), ("赤沙", "Chisha"),
        ("石溪", "Shixi"), ("南华", "Nanhua"), ("龙潭", "Longtan"), ("黄石", "Huangshi"), ("棠下", "Tangxia"),
        ("鹤鸣", "Heming"), ("金湾", "Jinwan"), ("星河", "Xinghe"), ("碧桂", "Bigui"), ("清水", "Qingshui"),
        ("石门", "Shimen"), ("龙岗", "Longgang"), ("凤岭", "Fengling"), ("桃源", "Taoyuan"), ("燕塘", "Yantang"),
    ]

    /// Modifiers that tell apart roads sharing a stem ("" first).
    static let modifiers: [(zh: String, en: String)] = [
        ("", ""), ("新", "New "), ("中", "Middle "), ("东", "East "), ("西", "West "), ("南", "South "), ("北", "North "),
        ("环", "Ring "),
    ]

    private static let digits = ["零", "一", "二", "三", "四", "五", "六", "七", "八", "九"]

    /// The Chinese numeral of 1 ≤ `n` ≤ 999 (e.g. 3 → 三, 12 → 十二, 45 → 四十五, 105 → 一百零五).
    static func chineseNumeral(_ n: Int) -> String {
        precondition(n >= 1 && n <= 999, "numeral out of range")
        if n < 10 { return digits[n] }
        if n < 20 { return "十" + (n % 10 == 0 ? "" : digits[n % 10]) }
        if n < 100 { return digits[n / 10] + "十" + (n % 10 == 0 ? "" : digits[n % 10]) }
        let rest = n % 100
        let head = digits[n / 100] + "百"
        if rest == 0 { return head }
        if rest < 10 { return head + "零" + digits[rest] }
        if rest < 20 { return head + "一十" + (rest % 10 == 0 ? "" : digits[rest % 10]) }
        return head + chineseNumeral(rest)
    }

    /// The English ordinal of `n` (1st, 2nd, 3rd, 4th, 11th, 21st …).
    static func englishOrdinal(_ n: Int) -> String {
        let tens = n % 100
        if tens >= 11 && tens <= 13 { return "\(n)th" }
        switch n % 10 {
        case 1: return "\(n)st"
        case 2: return "\(n)nd"
        case 3: return "\(n)rd"
        default: return "\(n)th"
        }
    }

    /// `n` zero-padded to `width` digits.
    static func padded(_ n: Int, width: Int) -> String {
        let text = String(n)
        return text.count >= width ? text : String(repeating: "0", count: width - text.count) + text
    }
}
