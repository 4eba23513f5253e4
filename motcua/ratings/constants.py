# The one-stop evaluation indicators of NĐ 61/2018 / TT 01/2018 Điều 13 that the applicant judges
# (each scored 2 / 1 / 0), keyed by their number in the official list of nine. Indicators 1 and 2
# (total time, each unit's time) are measured from the dossier's history, 8 (answers to feedback)
# from the feedback module: they are not asked.
CITIZEN_INDICATORS = {
    "i3": "Số lần phải liên hệ với nơi tiếp nhận hồ sơ để hoàn thiện hồ sơ",
    "i4": "Số lượng cơ quan, đơn vị phải liên hệ để hoàn thiện hồ sơ",
    "i5": "Hồ sơ được tiếp nhận, giải quyết, trả kết quả tại Bộ phận Một cửa",
    "i6": "Thủ tục hành chính được công khai đầy đủ, dễ tìm",
    "i7": "Thái độ của cán bộ khi hướng dẫn, tiếp nhận và giải quyết hồ sơ",
    "i9": "Tiến độ và chất lượng dịch vụ công trực tuyến",
}
SCORES = {2: "Tốt", 1: "Bình thường", 0: "Chưa tốt"}
