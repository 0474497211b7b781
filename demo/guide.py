"""The demo county's 政府信息公开指南 (条例第十二条), written by the 政务公开办 through the same service as the
admin. Every value is fictional (青山县 and 云岭州 do not exist; the numbers are placeholders)."""

from inforequests import services
from inforequests.models import DisclosureGuide


def build(county) -> DisclosureGuide:
    guide = DisclosureGuide(
        jurisdiction=county.county,
        preface="本指南适用于青山县人民政府及县政府各部门的政府信息公开工作（演示数据，机构、地址和号码均为虚构）。",
        office_name="青山县人民政府办公室（县政务公开办公室）",
        address="青山县城关镇人民路1号县政府办公楼二楼",
        postcode="000000",
        hours="工作日 上午 9:00—12:00，下午 13:30—17:30（法定节假日除外）",
        phone="0000-0000010",
        fax="0000-0000011",
        email="xxgk@qingshan.example",
        active_channels="《青山县人民政府公报》（每月出版，免费赠阅）\n青山县人民政府新闻发布会\n“青山发布”政务新媒体\n青山县融媒体中心广播、电视",
        reading_rooms=(
            "青山县档案馆政府信息查阅室：青山县城关镇文化路8号，工作日 9:00—17:00\n"
            "青山县图书馆政府信息查阅点：青山县城关镇文化路10号，每天 9:00—20:00\n"
            "青山县政务服务中心政务公开专区：青山县城关镇人民路3号，工作日 9:00—17:30"
        ),
    )
    return services.disclosure_guide_save(actor=county.users["office"], guide=guide)
